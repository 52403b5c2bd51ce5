package com.payonce.activities.ledger;

import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.OrderStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Lists orders from the ledger, newest first, by filters the shop combines freely, a page at a
 * time. The cursor is the last order of the page: its (created_at, order_id) is unique, so a page
 * never repeats or skips an order however many share a creation time. Only the filters given are in
 * the SQL, so each query can use the index made for it (V6).
 */
public class OrderSearch {
  private final JdbcClient jdbc;

  public OrderSearch(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * @param channel orders with an attempt at that channel
   * @param createdFrom inclusive; {@code createdTo} exclusive
   * @param startingAfter the last order of the previous page
   */
  public record Filter(
      String customerId,
      OrderStatus status,
      String channel,
      Instant createdFrom,
      Instant createdTo,
      String startingAfter) {}

  /** An order as the ledger has it (its workflow may be a moment ahead). */
  public record Found(
      String orderId,
      String customerId,
      Money amount,
      String description,
      OrderStatus status,
      Instant createdAt,
      Instant expiresAt,
      String paidAttemptId,
      String paidChannel,
      long capturedMinor,
      long refundedMinor) {}

  /** Empty when {@code startingAfter} names no order. */
  public Optional<List<Found>> find(Filter filter, int limit) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new LinkedHashMap<>();
    if (filter.startingAfter() != null) {
      Optional<Timestamp> after =
          jdbc.sql("SELECT created_at FROM orders WHERE order_id = :id")
              .param("id", filter.startingAfter())
              .query(Timestamp.class)
              .optional();
      if (after.isEmpty()) {
        return Optional.empty();
      }
      where.add("(o.created_at, o.order_id) < (:afterCreated, :afterId)");
      params.put("afterCreated", after.get());
      params.put("afterId", filter.startingAfter());
    }
    if (filter.customerId() != null) {
      where.add("o.customer_id = :customerId");
      params.put("customerId", filter.customerId());
    }
    if (filter.status() != null) {
      where.add("o.status = :status");
      params.put("status", filter.status().name());
    }
    if (filter.channel() != null) {
      where.add(
          "EXISTS (SELECT 1 FROM payment_attempts c WHERE c.order_id = o.order_id"
              + " AND c.channel = :channel)");
      params.put("channel", filter.channel());
    }
    if (filter.createdFrom() != null) {
      where.add("o.created_at >= :createdFrom");
      params.put("createdFrom", Timestamp.from(filter.createdFrom()));
    }
    if (filter.createdTo() != null) {
      where.add("o.created_at < :createdTo");
      params.put("createdTo", Timestamp.from(filter.createdTo()));
    }
    params.put("limit", limit);
    String sql =
        """
        SELECT o.*, (SELECT a.channel FROM payment_attempts a
                     WHERE a.attempt_id = o.paid_attempt_id) AS paid_channel
        FROM orders o
        """
            + (where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where) + "\n")
            + "ORDER BY o.created_at DESC, o.order_id DESC LIMIT :limit";
    return Optional.of(jdbc.sql(sql).params(params).query(OrderSearch::found).list());
  }

  private static Found found(ResultSet rs, int row) throws SQLException {
    return new Found(
        rs.getString("order_id"),
        rs.getString("customer_id"),
        new Money(rs.getLong("amount_minor"), rs.getString("currency").trim()),
        rs.getString("description"),
        OrderStatus.valueOf(rs.getString("status")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("expires_at").toInstant(),
        rs.getString("paid_attempt_id"),
        rs.getString("paid_channel"),
        rs.getLong("captured_minor"),
        rs.getLong("refunded_minor"));
  }
}
