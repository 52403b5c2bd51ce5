package com.payonce.activities.ledger;

import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.ledger.AttemptOwner;
import com.payonce.workflows.ledger.LedgerActivities;
import com.payonce.workflows.ledger.OrderSnapshot;
import com.payonce.workflows.ledger.OrphanRefund;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundView;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes the workflow's snapshots to PostgreSQL. Every statement is an upsert on a unique key and a
 * snapshot only lands if its revision is newer, so a retried or reordered call is harmless.
 */
public class LedgerActivitiesImpl implements LedgerActivities {
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public LedgerActivitiesImpl(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @Override
  public void recordOrder(OrderSnapshot snapshot) {
    OrderView order = snapshot.order();
    transactions.executeWithoutResult(
        tx -> {
          int changed = upsertOrder(order);
          if (changed == 0) {
            return; // a newer revision is already recorded
          }
          order.attempts().forEach(a -> upsertAttempt(order.orderId(), a));
          order.refunds().forEach(r -> upsertRefund(order.orderId(), r));
        });
  }

  private int upsertOrder(OrderView order) {
    return jdbc.sql(
            """
            INSERT INTO orders (order_id, customer_id, amount_minor, currency, description, status,
                                expires_at, paid_attempt_id, captured_minor, refunded_minor,
                                revision, workflow_started, created_at)
            VALUES (:orderId, :customerId, :amount, :currency, :description, :status, :expiresAt,
                    :paidAttemptId, :captured, :refunded, :revision, true, :createdAt)
            ON CONFLICT (order_id) DO UPDATE SET
                status = EXCLUDED.status, paid_attempt_id = EXCLUDED.paid_attempt_id,
                captured_minor = EXCLUDED.captured_minor, refunded_minor = EXCLUDED.refunded_minor,
                revision = EXCLUDED.revision, workflow_started = true, updated_at = now()
            WHERE orders.revision < EXCLUDED.revision
            """)
        .param("orderId", order.orderId())
        .param("customerId", order.customerId())
        .param("amount", order.amount().minor())
        .param("currency", order.amount().currency())
        .param("description", order.description())
        .param("status", order.status().name())
        .param("expiresAt", timestamp(order.expiresAtMillis()))
        .param("paidAttemptId", order.paidAttemptId())
        .param("captured", order.capturedMinor())
        .param("refunded", order.refundedMinor())
        .param("revision", order.revision())
        .param("createdAt", timestamp(order.createdAtMillis()))
        .update();
  }

  private void upsertAttempt(String orderId, AttemptView attempt) {
    jdbc.sql(
            """
            INSERT INTO payment_attempts (attempt_id, order_id, channel, status, channel_order_id,
                                          pay_url, captured_minor, refunded_minor, note, created_at)
            VALUES (:attemptId, :orderId, :channel, :status, :channelOrderId, :payUrl, :captured,
                    :refunded, :note, :createdAt)
            ON CONFLICT (attempt_id) DO UPDATE SET
                status = EXCLUDED.status, channel_order_id = EXCLUDED.channel_order_id,
                pay_url = EXCLUDED.pay_url, captured_minor = EXCLUDED.captured_minor,
                refunded_minor = EXCLUDED.refunded_minor, note = EXCLUDED.note, updated_at = now()
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
        .param("createdAt", timestamp(attempt.createdAtMillis()))
        .update();
  }

  private void upsertRefund(String orderId, RefundView refund) {
    jdbc.sql(
            """
            INSERT INTO refunds (order_id, refund_id, refund_no, attempt_id, amount_minor, status,
                                 kind, reason, created_at)
            VALUES (:orderId, :refundId, :refundNo, :attemptId, :amount, :status, :kind, :reason,
                    :createdAt)
            ON CONFLICT (order_id, kind, refund_id) DO UPDATE SET
                status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now()
            """)
        .param("orderId", orderId)
        .param("refundId", refund.refundId())
        // null in snapshots of orders from before workflow version "hostile-inputs": the id was the
        // number
        .param("refundNo", refund.refundNo() == null ? refund.refundId() : refund.refundNo())
        .param("attemptId", refund.attemptId())
        .param("amount", refund.amountMinor())
        .param("status", refund.status().name())
        .param("kind", refund.kind().name())
        .param("reason", refund.reason())
        .param("createdAt", timestamp(refund.createdAtMillis()))
        .update();
  }

  /** Channel-blind: only orphan runs started before {@link #findOwnerOf} existed replay it. */
  @Override
  public AttemptOwner findAttemptOwner(String attemptId) {
    return owner(jdbc.sql(ATTEMPT_OWNER).param("attemptId", attemptId));
  }

  @Override
  public AttemptOwner findOwnerOf(PaymentRef attempt) {
    return owner(
        jdbc.sql(ATTEMPT_OWNER + " AND a.channel = :channel")
            .param("attemptId", attempt.attemptId())
            .param("channel", attempt.channel()));
  }

  private static final String ATTEMPT_OWNER =
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

  @Override
  public void recordOrphanRefund(OrphanRefund refund) {
    jdbc.sql(
            """
            INSERT INTO orphan_refunds (channel, attempt_id, refund_no, order_id, amount_minor,
                                        currency, reason)
            VALUES (:channel, :attemptId, :refundNo, :orderId, :amount, :currency, :reason)
            ON CONFLICT DO NOTHING
            """)
        .param("channel", refund.channel())
        .param("attemptId", refund.attemptId())
        .param("refundNo", refund.refundNo())
        .param("orderId", refund.orderId())
        .param("amount", refund.amount().minor())
        .param("currency", refund.amount().currency())
        .param("reason", refund.reason())
        .update();
  }

  private static Timestamp timestamp(long epochMillis) {
    return Timestamp.from(Instant.ofEpochMilli(epochMillis));
  }
}
