package com.payonce.activities.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * All SQL on the merchant_deliveries table, the shop's delivery log. Shops are told about orders
 * and refunds; {@code attempt.*} events are for the customer's page only.
 */
public class MerchantDeliveriesTable {
  /** The events shops receive, as a SQL condition on order_events. */
  static final String SHOP_EVENTS = "type NOT LIKE 'attempt.%'";

  /** The events shops receive. */
  public static boolean forShops(String type) {
    return !type.startsWith("attempt.");
  }

  private final JdbcClient jdbc;

  public MerchantDeliveriesTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** A (endpoint, order) pair with deliveries to make: one delivery workflow's key. */
  public record Target(String endpointId, String orderId) {}

  /**
   * A delivery per enabled endpoint for each new shop event, in the event's transaction; returns
   * the endpoints that got one.
   */
  Set<String> createFor(List<Long> eventIds) {
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    return new LinkedHashSet<>(
        jdbc.sql(
                """
                INSERT INTO merchant_deliveries (endpoint_id, event_id, order_id, status)
                SELECT e.endpoint_id, ev.event_id, ev.order_id, 'PENDING'
                FROM merchant_endpoints e CROSS JOIN order_events ev
                WHERE e.enabled AND ev.event_id IN (:ids) AND ev.%s
                ON CONFLICT (endpoint_id, event_id) DO NOTHING
                RETURNING endpoint_id
                """
                    .formatted(SHOP_EVENTS))
            .param("ids", eventIds)
            .query(String.class)
            .list());
  }

  /**
   * Delivers an event again to every enabled endpoint (a new endpoint included); returns the
   * endpoints, empty when it is no shop event. The delivery starts over (attempts 0, created now),
   * so a redelivery whose wake-up is lost is swept like a new one, and is never taken for a pair
   * busy retrying.
   */
  public List<Target> redeliver(long eventId) {
    return jdbc.sql(
            """
            INSERT INTO merchant_deliveries (endpoint_id, event_id, order_id, status)
            SELECT e.endpoint_id, ev.event_id, ev.order_id, 'PENDING'
            FROM merchant_endpoints e CROSS JOIN order_events ev
            WHERE e.enabled AND ev.event_id = :eventId AND ev.%s
            ON CONFLICT (endpoint_id, event_id) DO UPDATE SET status = 'PENDING',
                delivered_at = NULL, attempts = 0, created_at = now()
            RETURNING endpoint_id, order_id
            """
                .formatted(SHOP_EVENTS))
        .param("eventId", eventId)
        .query((row, n) -> new Target(row.getString("endpoint_id"), row.getString("order_id")))
        .list();
  }

  /** The oldest pending deliveries of one (endpoint, order), in event order. */
  public List<Long> pending(String endpointId, String orderId, int limit) {
    return jdbc.sql(
            """
            SELECT event_id FROM merchant_deliveries
            WHERE endpoint_id = :endpointId AND order_id = :orderId AND status = 'PENDING'
            ORDER BY event_id LIMIT :limit
            """)
        .param("endpointId", endpointId)
        .param("orderId", orderId)
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /** Counts an attempt about to be made; false when there is nothing to deliver any more. */
  boolean startAttempt(String endpointId, long eventId) {
    return jdbc.sql(
                """
                UPDATE merchant_deliveries SET attempts = attempts + 1, last_attempt_at = now()
                WHERE endpoint_id = :endpointId AND event_id = :eventId AND status = 'PENDING'
                """)
            .param("endpointId", endpointId)
            .param("eventId", eventId)
            .update()
        == 1;
  }

  void delivered(String endpointId, long eventId, int responseStatus) {
    jdbc.sql(
            """
            UPDATE merchant_deliveries SET status = 'DELIVERED', delivered_at = now(),
                last_response_status = :status, last_error = NULL
            WHERE endpoint_id = :endpointId AND event_id = :eventId AND status = 'PENDING'
            """)
        .param("endpointId", endpointId)
        .param("eventId", eventId)
        .param("status", responseStatus)
        .update();
  }

  void attemptFailed(String endpointId, long eventId, Integer responseStatus, String error) {
    jdbc.sql(
            """
            UPDATE merchant_deliveries SET last_response_status = :status, last_error = :error
            WHERE endpoint_id = :endpointId AND event_id = :eventId
            """)
        .param("endpointId", endpointId)
        .param("eventId", eventId)
        .param("status", responseStatus)
        .param("error", error.length() > 300 ? error.substring(0, 300) : error)
        .update();
  }

  void gaveUp(String endpointId, long eventId) {
    jdbc.sql(
            """
            UPDATE merchant_deliveries SET status = 'FAILED'
            WHERE endpoint_id = :endpointId AND event_id = :eventId AND status = 'PENDING'
            """)
        .param("endpointId", endpointId)
        .param("eventId", eventId)
        .update();
  }

  public List<MerchantDelivery> ofEvents(List<Long> eventIds) {
    if (eventIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT * FROM merchant_deliveries WHERE event_id IN (:ids)
            ORDER BY event_id, endpoint_id
            """)
        .param("ids", eventIds)
        .query(MerchantDeliveriesTable::delivery)
        .list();
  }

  /**
   * Pairs whose deliveries nobody started although they are older than {@code minAge}: the wake-up
   * after their event's commit was lost (the process died). A pair whose workflow is busy retrying
   * an earlier event has a started delivery and is left alone.
   */
  public List<Target> stalled(Duration minAge, int limit) {
    return jdbc.sql(
            """
            SELECT DISTINCT d.endpoint_id, d.order_id FROM merchant_deliveries d
            WHERE d.status = 'PENDING' AND d.attempts = 0 AND d.created_at < :before
              AND NOT EXISTS (SELECT 1 FROM merchant_deliveries busy
                              WHERE busy.endpoint_id = d.endpoint_id
                                AND busy.order_id = d.order_id
                                AND busy.status = 'PENDING' AND busy.attempts > 0)
            LIMIT :limit
            """)
        .param("before", Timestamp.from(Instant.now().minus(minAge)))
        .param("limit", limit)
        .query((row, n) -> new Target(row.getString("endpoint_id"), row.getString("order_id")))
        .list();
  }

  private static MerchantDelivery delivery(ResultSet row, int rowNum) throws SQLException {
    int code = row.getInt("last_response_status");
    Integer responseStatus = row.wasNull() ? null : code;
    Timestamp last = row.getTimestamp("last_attempt_at");
    Timestamp delivered = row.getTimestamp("delivered_at");
    return new MerchantDelivery(
        row.getString("endpoint_id"),
        row.getLong("event_id"),
        row.getString("status"),
        row.getInt("attempts"),
        last == null ? null : last.toInstant(),
        responseStatus,
        row.getString("last_error"),
        delivered == null ? null : delivered.toInstant());
  }
}
