package com.payonce.activities.ledger;

import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * All SQL on the orders table. Its primary key is the durable duplicate-checkout guard: an order id
 * is inserted once, ever. Temporal refuses a second workflow while it remembers the first; this
 * table keeps refusing after the namespace retention has forgotten it.
 */
public class OrdersTable {
  private final JdbcClient jdbc;

  public OrdersTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public record NewOrder(
      String orderId,
      String customerId,
      Money amount,
      String description,
      long createdAtMillis,
      long expiresAtMillis) {}

  public record RegisteredOrder(
      String orderId,
      String customerId,
      Money amount,
      String description,
      long createdAtMillis,
      long expiresAtMillis,
      boolean workflowStarted) {

    /** The same order asked for again: same customer and amount (description may differ). */
    public boolean sameAs(NewOrder other) {
      return customerId.equals(other.customerId()) && amount.equals(other.amount());
    }
  }

  /**
   * @param inserted true for the one caller whose insert created the row
   */
  public record Registration(boolean inserted, RegisteredOrder order) {}

  public Registration register(NewOrder order) {
    int inserted =
        jdbc.sql(
                """
                INSERT INTO orders (order_id, customer_id, amount_minor, currency, description,
                                    status, expires_at, created_at)
                VALUES (:orderId, :customerId, :amount, :currency, :description,
                        'AWAITING_PAYMENT', :expiresAt, :createdAt)
                ON CONFLICT (order_id) DO NOTHING
                """)
            .param("orderId", order.orderId())
            .param("customerId", order.customerId())
            .param("amount", order.amount().minor())
            .param("currency", order.amount().currency())
            .param("description", order.description())
            .param("expiresAt", timestamp(order.expiresAtMillis()))
            .param("createdAt", timestamp(order.createdAtMillis()))
            .update();
    return new Registration(inserted == 1, find(order.orderId()).orElseThrow());
  }

  public Optional<RegisteredOrder> find(String orderId) {
    return jdbc.sql(
            """
            SELECT order_id, customer_id, amount_minor, currency, description, created_at,
                   expires_at, workflow_started
            FROM orders WHERE order_id = :orderId
            """)
        .param("orderId", orderId)
        .query(OrdersTable::registeredOrder)
        .optional();
  }

  /** The revision of the ledger's view of the order; 0 for an unknown order. */
  public long revision(String orderId) {
    return jdbc.sql("SELECT revision FROM orders WHERE order_id = :orderId")
        .param("orderId", orderId)
        .query(Long.class)
        .optional()
        .orElse(0L);
  }

  public void markWorkflowStarted(String orderId) {
    jdbc.sql(
            "UPDATE orders SET workflow_started = true WHERE order_id = :orderId AND NOT"
                + " workflow_started")
        .param("orderId", orderId)
        .update();
  }

  /**
   * Writes the workflow's view of the order, completing the row {@link #register} inserted. Only a
   * newer revision lands, so a retried or reordered snapshot is harmless.
   *
   * @return rows changed: 0 when the same or a newer revision is already recorded
   */
  int upsert(OrderView order) {
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

  /**
   * The order and its kept attempt, as a late refund is checked against them.
   *
   * @param paidAttemptId null when the order was never paid
   * @param capturedAt when the ledger first saw the kept attempt captured; null before it did
   */
  record RefundTarget(
      String orderId,
      OrderStatus status,
      String currency,
      String paidAttemptId,
      String channel,
      long capturedMinor,
      Instant capturedAt,
      long revision) {}

  /**
   * Locks the order's row to the end of the transaction: every late refund of one order is reserved
   * and settled in turn, so the caps are checked against what the others hold.
   */
  Optional<RefundTarget> lockForRefund(String orderId) {
    return jdbc.sql(
            """
            SELECT o.order_id, o.status, o.currency, o.paid_attempt_id, o.revision, a.channel,
                   a.captured_minor,
                   -- a capture an older binary recorded without the time (a rolling deploy): its
                   -- attempt's creation, never later than the capture, keeps the period bounded
                   coalesce(a.captured_at, a.created_at) AS captured_at
            FROM orders o LEFT JOIN payment_attempts a ON a.attempt_id = o.paid_attempt_id
            WHERE o.order_id = :orderId
            FOR UPDATE OF o
            """)
        .param("orderId", orderId)
        .query(
            (rs, i) -> {
              Timestamp capturedAt = rs.getTimestamp("captured_at");
              return new RefundTarget(
                  rs.getString("order_id"),
                  OrderStatus.valueOf(rs.getString("status")),
                  rs.getString("currency"),
                  rs.getString("paid_attempt_id"),
                  rs.getString("channel"),
                  rs.getLong("captured_minor"),
                  capturedAt == null ? null : capturedAt.toInstant(),
                  rs.getLong("revision"));
            })
        .optional();
  }

  /** A change outside the order's workflow (a late refund) is newer than every snapshot before. */
  void nextRevision(String orderId) {
    jdbc.sql("UPDATE orders SET revision = revision + 1, updated_at = now() WHERE order_id = :id")
        .param("id", orderId)
        .update();
  }

  /** The order's row as a view; its attempts and refunds are read from their own tables. */
  Optional<OrderView> findView(
      String orderId, List<AttemptView> attempts, List<RefundView> refunds) {
    return jdbc.sql(
            """
            SELECT order_id, customer_id, amount_minor, currency, description, status, created_at,
                   expires_at, paid_attempt_id, captured_minor, refunded_minor, revision
            FROM orders WHERE order_id = :orderId
            """)
        .param("orderId", orderId)
        .query(
            (rs, i) ->
                new OrderView(
                    rs.getString("order_id"),
                    rs.getString("customer_id"),
                    new Money(rs.getLong("amount_minor"), rs.getString("currency")),
                    rs.getString("description"),
                    OrderStatus.valueOf(rs.getString("status")),
                    rs.getTimestamp("created_at").getTime(),
                    rs.getTimestamp("expires_at").getTime(),
                    rs.getString("paid_attempt_id"),
                    rs.getLong("captured_minor"),
                    rs.getLong("refunded_minor"),
                    attempts,
                    refunds,
                    rs.getLong("revision")))
        .optional();
  }

  private static RegisteredOrder registeredOrder(ResultSet rs, int row) throws SQLException {
    return new RegisteredOrder(
        rs.getString("order_id"),
        rs.getString("customer_id"),
        new Money(rs.getLong("amount_minor"), rs.getString("currency")),
        rs.getString("description"),
        rs.getTimestamp("created_at").getTime(),
        rs.getTimestamp("expires_at").getTime(),
        rs.getBoolean("workflow_started"));
  }

  private static Timestamp timestamp(long epochMillis) {
    return Timestamp.from(Instant.ofEpochMilli(epochMillis));
  }
}
