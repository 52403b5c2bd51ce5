package com.payonce.activities.ledger;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every verified channel callback, recorded before anything acts on it, unique per (channel, event
 * id). A redelivery of a delivered event is acknowledged with no second effect; one whose first
 * delivery crashed before reaching the workflow is delivered again.
 */
public class WebhookInbox {
  private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public WebhookInbox(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  public enum Receipt {
    /** First time seen: deliver it. */
    NEW,
    /** Seen before, but never reached a workflow: deliver it again. */
    UNDELIVERED,
    /** Seen and delivered: acknowledge, do nothing. */
    DELIVERED
  }

  public record Event(
      String channel, String eventId, String eventType, String attemptId, String body) {}

  /**
   * A recorded callback as an operator reads it.
   *
   * @param deliveredAt null while it has not reached a workflow
   */
  public record Received(
      String channel,
      String eventId,
      String eventType,
      String attemptId,
      Instant receivedAt,
      Instant deliveredAt) {}

  public Receipt receive(Event event) {
    int inserted =
        jdbc.sql(
                """
                INSERT INTO webhook_inbox (channel, event_id, event_type, attempt_id, body)
                VALUES (:channel, :eventId, :eventType, :attemptId, :body)
                ON CONFLICT (channel, event_id) DO NOTHING
                """)
            .param("channel", event.channel())
            .param("eventId", event.eventId())
            .param("eventType", event.eventType())
            .param("attemptId", event.attemptId())
            .param("body", event.body())
            .update();
    if (inserted == 1) {
      return Receipt.NEW;
    }
    boolean delivered =
        jdbc.sql(
                """
                SELECT delivered_at IS NOT NULL FROM webhook_inbox
                WHERE channel = :channel AND event_id = :eventId
                """)
            .param("channel", event.channel())
            .param("eventId", event.eventId())
            .query(Boolean.class)
            .single();
    return delivered ? Receipt.DELIVERED : Receipt.UNDELIVERED;
  }

  /**
   * Hands undelivered events received at least {@code minAge} ago (their own delivery failed, say
   * Temporal was down, or the process died before it) to {@code deliver}, oldest first, at most
   * {@code limit}, and marks each delivered once {@code deliver} returns. The rows stay locked (FOR
   * UPDATE SKIP LOCKED) until the batch is done, so instances sweeping at once take different rows;
   * one whose delivery throws stays undelivered for a later sweep.
   *
   * @return how many were delivered
   */
  public int redeliver(Duration minAge, int limit, Consumer<Event> deliver) {
    Integer delivered =
        transactions.execute(
            tx -> {
              int done = 0;
              for (Event event : claimUndelivered(minAge, limit)) {
                try {
                  deliver.accept(event);
                } catch (RuntimeException e) {
                  log.warn(
                      "redelivery of {} event {} failed: {}",
                      event.channel(),
                      event.eventId(),
                      e.toString());
                  continue;
                }
                markDelivered(event.channel(), event.eventId());
                done++;
              }
              return done;
            });
    return delivered == null ? 0 : delivered;
  }

  private List<Event> claimUndelivered(Duration minAge, int limit) {
    return jdbc.sql(
            """
            SELECT channel, event_id, event_type, attempt_id, body FROM webhook_inbox
            WHERE delivered_at IS NULL AND received_at <= now() - make_interval(secs => :minAgeSeconds)
            ORDER BY received_at
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """)
        .param("minAgeSeconds", minAge.toMillis() / 1000.0)
        .param("limit", limit)
        .query(
            (rs, i) ->
                new Event(
                    rs.getString("channel"),
                    rs.getString("event_id"),
                    rs.getString("event_type"),
                    rs.getString("attempt_id"),
                    rs.getString("body")))
        .list();
  }

  /**
   * The callbacks about an order's attempts, oldest first, at most {@code limit}. The inbox has no
   * order id: an attempt is joined on its channel too, since its id is unique per channel only.
   */
  public List<Received> ofOrder(String orderId, int limit) {
    return jdbc.sql(
            """
            SELECT w.channel, w.event_id, w.event_type, w.attempt_id, w.received_at,
                   w.delivered_at
            FROM webhook_inbox w
            JOIN payment_attempts a ON a.attempt_id = w.attempt_id AND a.channel = w.channel
            WHERE a.order_id = :orderId
            ORDER BY w.received_at, w.event_id
            LIMIT :limit
            """)
        .param("orderId", orderId)
        .param("limit", limit)
        .query(
            (rs, i) -> {
              Timestamp delivered = rs.getTimestamp("delivered_at");
              return new Received(
                  rs.getString("channel"),
                  rs.getString("event_id"),
                  rs.getString("event_type"),
                  rs.getString("attempt_id"),
                  rs.getTimestamp("received_at").toInstant(),
                  delivered == null ? null : delivered.toInstant());
            })
        .list();
  }

  public void markDelivered(String channel, String eventId) {
    jdbc.sql(
            """
            UPDATE webhook_inbox SET delivered_at = now()
            WHERE channel = :channel AND event_id = :eventId AND delivered_at IS NULL
            """)
        .param("channel", channel)
        .param("eventId", eventId)
        .update();
  }
}
