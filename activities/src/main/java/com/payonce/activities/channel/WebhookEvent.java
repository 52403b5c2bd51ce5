package com.payonce.activities.channel;

/**
 * A verified callback: which attempt (merchant order number) it is about. Only a hint: the workflow
 * confirms it with the channel's query API.
 */
public record WebhookEvent(String eventId, Type type, String attemptId) {

  public enum Type {
    PAYMENT_SUCCEEDED,
    REFUND_SUCCEEDED
  }
}
