package com.payonce.sandbox.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payonce.sandbox.channel.Amount;
import java.time.Instant;
import java.util.UUID;

/**
 * A webhook body. Serialized once per event, so every redelivery carries the same bytes and the
 * same {@code eventId}: that is what lets the receiver deduplicate.
 *
 * @param refundNo only on REFUND_SUCCEEDED
 * @param occurredAt ISO-8601 instant of the payment or refund
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PspWebhookEvent(
    String eventId,
    WebhookEventType type,
    String channel,
    String merchantOrderNo,
    String channelOrderId,
    String amount,
    String currency,
    String refundNo,
    String occurredAt) {

  public static PspWebhookEvent of(
      WebhookEventType type,
      String channel,
      String merchantOrderNo,
      String channelOrderId,
      Amount amount,
      String refundNo,
      Instant occurredAt) {
    return new PspWebhookEvent(
        "evt_" + UUID.randomUUID().toString().replace("-", ""),
        type,
        channel,
        merchantOrderNo,
        channelOrderId,
        amount.toDecimalString(),
        amount.currency().getCurrencyCode(),
        refundNo,
        occurredAt.toString());
  }
}
