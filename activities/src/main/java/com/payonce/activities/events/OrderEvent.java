package com.payonce.activities.events;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/**
 * One recorded event of an order.
 *
 * @param eventId grows with every event of every order, in commit order: the feed's cursor and the
 *     SSE event id
 * @param payload the JSON object under {@code data}: the order and the attempt or refund it is
 *     about, as they were at that moment
 */
public record OrderEvent(
    long eventId, String orderId, String type, Instant createdAt, String payload) {
  private static final ObjectMapper JSON = new ObjectMapper();

  @JsonPropertyOrder({"id", "type", "orderId", "createdAt", "data"})
  private record Envelope(
      String id, String type, String orderId, String createdAt, @JsonRawValue String data) {}

  /**
   * The event as the shop's endpoint and the customer's page receive it; the same bytes every time
   * (a redelivery is signed over what the first delivery sent).
   */
  public String body() {
    try {
      return JSON.writeValueAsString(
          new Envelope(Long.toString(eventId), type, orderId, createdAt.toString(), payload));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an envelope of strings always serializes", e);
    }
  }
}
