package com.payonce.activities.ledger;

import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.ledger.AttemptOwner;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * All SQL on the payment_attempts table. An attempt id (the merchant order number a channel sees)
 * is unique per channel only, so lookups that answer a channel's callback name the channel.
 */
public class AttemptsTable {
  private final JdbcClient jdbc;

  public AttemptsTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * Writes an attempt's row before the channel hears of the attempt, so every callback the channel
   * can ever send for it finds its order. Without it a create that timed out after the channel
   * committed left a paid attempt no row named: its callback started an orphan refund while the
   * order, on the shop's retried pay, confirmed and kept the same capture. The order workflow's
   * snapshots fill in the rest of the row (this insert never overwrites them).
   */
  public void claim(CreatePayment attempt) {
    jdbc.sql(
            """
            INSERT INTO payment_attempts (attempt_id, order_id, channel, status, created_at)
            VALUES (:attemptId, :orderId, :channel, 'OPEN', :createdAt)
            ON CONFLICT (attempt_id) DO NOTHING
            """)
        .param("attemptId", attempt.attemptId())
        .param("orderId", attempt.orderId())
        .param("channel", attempt.channel())
        .param("createdAt", Timestamp.from(Instant.now()))
        .update();
  }

  /**
   * Writes the workflow's view of an attempt. Unguarded by revision: it only runs in the
   * transaction of an order snapshot that {@link OrdersTable#upsert} accepted as newer.
   */
  void upsert(String orderId, AttemptView attempt) {
    jdbc.sql(
            """
            INSERT INTO payment_attempts (attempt_id, order_id, channel, status, channel_order_id,
                                          pay_url, captured_minor, refunded_minor, note, created_at,
                                          captured_at)
            VALUES (:attemptId, :orderId, :channel, :status, :channelOrderId, :payUrl, :captured,
                    :refunded, :note, :createdAt, CASE WHEN :captured > 0 THEN now() END)
            ON CONFLICT (attempt_id) DO UPDATE SET
                status = EXCLUDED.status, channel_order_id = EXCLUDED.channel_order_id,
                pay_url = EXCLUDED.pay_url, captured_minor = EXCLUDED.captured_minor,
                refunded_minor = EXCLUDED.refunded_minor, note = EXCLUDED.note, updated_at = now(),
                captured_at = coalesce(payment_attempts.captured_at, EXCLUDED.captured_at)
            """)
        .param("attemptId", attempt.attemptId())
        .param("orderId", orderId)
        .param("channel", attempt.channel())
        .param("status", attempt.status().name())
        .param("channelOrderId", attempt.channelOrderId())
        .param("payUrl", attempt.payUrl())
        .param("captured", attempt.capturedMinor())
        .param("refunded", attempt.refundedMinor())
        .param("note", attempt.note())
        .param("createdAt", Timestamp.from(Instant.ofEpochMilli(attempt.createdAtMillis())))
        .update();
  }

  /** The order's attempts, oldest first. */
  List<AttemptView> ofOrder(String orderId) {
    return jdbc.sql(
            """
            SELECT attempt_id, channel, status, channel_order_id, pay_url, created_at,
                   captured_minor, refunded_minor, note
            FROM payment_attempts WHERE order_id = :orderId ORDER BY created_at, attempt_id
            """)
        .param("orderId", orderId)
        .query(
            (rs, i) ->
                new AttemptView(
                    rs.getString("attempt_id"),
                    rs.getString("channel"),
                    AttemptStatus.valueOf(rs.getString("status")),
                    rs.getString("channel_order_id"),
                    rs.getString("pay_url"),
                    rs.getTimestamp("created_at").getTime(),
                    rs.getLong("captured_minor"),
                    rs.getLong("refunded_minor"),
                    rs.getString("note")))
        .list();
  }

  /** The order an attempt belongs to, if payonce opened it at that channel. */
  public Optional<String> orderOf(String channel, String attemptId) {
    return jdbc.sql(
            "SELECT order_id FROM payment_attempts WHERE attempt_id = :attemptId AND channel ="
                + " :channel")
        .param("attemptId", attemptId)
        .param("channel", channel)
        .query(String.class)
        .optional();
  }

  /** Who owns the attempt at its channel, and whether its order kept it. */
  AttemptOwner ownerOf(PaymentRef attempt) {
    return owner(
        jdbc.sql(OWNER + " AND a.channel = :channel")
            .param("attemptId", attempt.attemptId())
            .param("channel", attempt.channel()));
  }

  /** Channel-blind {@link #ownerOf}, for orphan runs that recorded the old activity. */
  AttemptOwner ownerAtAnyChannel(String attemptId) {
    return owner(jdbc.sql(OWNER).param("attemptId", attemptId));
  }

  /**
   * The one read that joins orders: the attempt's order and that order's kept attempt in one
   * statement, so the answer is one consistent snapshot of both rows.
   */
  private static final String OWNER =
      """
      SELECT a.order_id, o.paid_attempt_id = a.attempt_id AS kept
      FROM payment_attempts a JOIN orders o ON o.order_id = a.order_id
      WHERE a.attempt_id = :attemptId\
      """;

  private static AttemptOwner owner(JdbcClient.StatementSpec query) {
    return query
        .query((rs, i) -> new AttemptOwner(rs.getString("order_id"), rs.getBoolean("kept")))
        .optional()
        .orElse(new AttemptOwner(null, false));
  }
}
