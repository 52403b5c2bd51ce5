package com.payonce.ledger;

import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every verified channel callback, recorded before anything acts on it, unique per (channel, event
 * id). A redelivery of a delivered event is acknowledged with no second effect; one whose first
 * delivery crashed before reaching the workflow is delivered again.
 */
public class WebhookInbox {
  private final JdbcClient jdbc;

  public WebhookInbox(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
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
