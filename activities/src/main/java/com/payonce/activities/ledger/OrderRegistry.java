package com.payonce.activities.ledger;

import com.payonce.workflows.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The orders table as the durable duplicate-checkout guard: an order id is inserted once, ever, by
 * the primary key. Temporal refuses a second workflow while it remembers the first; this table
 * keeps refusing after the namespace retention has forgotten it.
 */
public class OrderRegistry {
  private final JdbcClient jdbc;

  public OrderRegistry(DataSource dataSource) {
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
            .param("expiresAt", Timestamp.from(Instant.ofEpochMilli(order.expiresAtMillis())))
            .param("createdAt", Timestamp.from(Instant.ofEpochMilli(order.createdAtMillis())))
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
        .query(OrderRegistry::registeredOrder)
        .optional();
  }

  public void markWorkflowStarted(String orderId) {
    jdbc.sql(
            "UPDATE orders SET workflow_started = true WHERE order_id = :orderId AND NOT"
                + " workflow_started")
        .param("orderId", orderId)
        .update();
  }

  /**
   * The order an attempt (merchant order number) belongs to, if payonce opened it at that channel.
   * A merchant order number is only unique per channel: the same number at another channel is
   * someone else's payment, not this attempt.
   */
  public Optional<String> orderOfAttempt(String channel, String attemptId) {
    return jdbc.sql(
            "SELECT order_id FROM payment_attempts WHERE attempt_id = :attemptId AND channel ="
                + " :channel")
        .param("attemptId", attemptId)
        .param("channel", channel)
        .query(String.class)
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
}
