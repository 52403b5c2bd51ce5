package com.payonce.activities.events;

import com.payonce.activities.events.SnapshotEvents.NewEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * All SQL on the order_events table: appended in a ledger snapshot's transaction, read in id order.
 */
public class OrderEventsTable {
  /** Payload of the NOTIFY that wakes the live streams: the order id. */
  public static final String CHANNEL = "order_events";

  /**
   * Serializes the commits that append events (held to the end of the transaction), so ids become
   * visible in id order and a cursor never skips an id committed late.
   */
  private static final long APPEND_LOCK = 0x7061796f6e6365L; // "payonce"

  private final JdbcClient jdbc;

  public OrderEventsTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * Appends what is new and returns the new events' ids; an event already recorded (a retried
   * snapshot) is skipped. Must run inside the snapshot's transaction.
   */
  List<Long> append(String orderId, List<NewEvent> events) {
    List<Long> ids = new ArrayList<>();
    if (events.isEmpty()) {
      return ids;
    }
    jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", APPEND_LOCK).query().singleRow();
    for (NewEvent event : events) {
      jdbc.sql(
              """
              INSERT INTO order_events (order_id, type, subject_id, payload)
              VALUES (:orderId, :type, :subjectId, :payload)
              ON CONFLICT (order_id, type, subject_id) DO NOTHING
              RETURNING event_id
              """)
          .param("orderId", orderId)
          .param("type", event.type())
          .param("subjectId", event.subjectId())
          .param("payload", event.payload())
          .query(Long.class)
          .optional()
          .ifPresent(ids::add);
    }
    if (!ids.isEmpty()) {
      // delivered at commit, to every payonce instance listening
      jdbc.sql("SELECT pg_notify(:channel, :orderId)")
          .param("channel", CHANNEL)
          .param("orderId", orderId)
          .query()
          .singleRow();
    }
    return ids;
  }

  /** Every order's events after an id: what the live streams follow. */
  public List<OrderEvent> after(long afterId, int limit) {
    return jdbc.sql(
            """
            SELECT event_id, order_id, type, created_at, payload FROM order_events
            WHERE event_id > :after ORDER BY event_id LIMIT :limit
            """)
        .param("after", afterId)
        .param("limit", limit)
        .query(OrderEventsTable::event)
        .list();
  }

  /** The events shops are sent, after an id: the shop's feed. */
  public List<OrderEvent> shopEventsAfter(long afterId, int limit) {
    return jdbc.sql(
            """
            SELECT event_id, order_id, type, created_at, payload FROM order_events
            WHERE event_id > :after AND %s ORDER BY event_id LIMIT :limit
            """
                .formatted(MerchantDeliveriesTable.SHOP_EVENTS))
        .param("after", afterId)
        .param("limit", limit)
        .query(OrderEventsTable::event)
        .list();
  }

  public List<OrderEvent> ofOrder(String orderId, long afterId, int limit) {
    return jdbc.sql(
            """
            SELECT event_id, order_id, type, created_at, payload FROM order_events
            WHERE order_id = :orderId AND event_id > :after ORDER BY event_id LIMIT :limit
            """)
        .param("orderId", orderId)
        .param("after", afterId)
        .param("limit", limit)
        .query(OrderEventsTable::event)
        .list();
  }

  public Optional<OrderEvent> find(long eventId) {
    return jdbc.sql(
            """
            SELECT event_id, order_id, type, created_at, payload FROM order_events
            WHERE event_id = :eventId
            """)
        .param("eventId", eventId)
        .query(OrderEventsTable::event)
        .optional();
  }

  /** The newest id, where a live stream starts following. */
  public long lastId() {
    return jdbc.sql("SELECT coalesce(max(event_id), 0) FROM order_events")
        .query(Long.class)
        .single();
  }

  private static OrderEvent event(ResultSet row, int rowNum) throws SQLException {
    return new OrderEvent(
        row.getLong("event_id"),
        row.getString("order_id"),
        row.getString("type"),
        row.getTimestamp("created_at").toInstant(),
        row.getString("payload"));
  }
}
