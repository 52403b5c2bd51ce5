package com.payonce.systemtest;

import com.payonce.sandbox.SandboxAutoConfiguration;
import com.payonce.sandbox.channel.Amount;
import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.channel.PspOrderStatus;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.webhook.Notification;
import com.payonce.sandbox.webhook.PspWebhookEvent;
import com.payonce.sandbox.webhook.WebhookEventType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;

/** Payment notifications as each PSP signs (and encrypts) them: genuine ones, or forgeries. */
final class ChannelNotifications {

  private ChannelNotifications() {}

  /** A PAYMENT_SUCCEEDED of the attempt, signed with {@code keys} in the channel's protocol. */
  static Notification payment(
      String channel, ChannelKeys keys, String eventId, String attemptId, String amount) {
    Amount money = Amount.parse(amount, Currency.getInstance("CNY"));
    Instant now = Instant.now();
    PspOrderSnapshot order =
        new PspOrderSnapshot(
            1,
            attemptId,
            channel + "-00000001-deadbeef",
            PspOrderStatus.PAID,
            true,
            money,
            money,
            Amount.zero(money.currency()),
            URI.create("http://127.0.0.1/webhooks/" + channel),
            now.plus(Duration.ofMinutes(15)),
            now,
            null);
    PspWebhookEvent event =
        new PspWebhookEvent(
            eventId,
            WebhookEventType.PAYMENT_SUCCEEDED,
            channel,
            attemptId,
            order.channelOrderId(),
            amount,
            "CNY",
            null,
            now.toString());
    return SandboxAutoConfiguration.PROTOCOLS.get(channel).notifications(keys).encode(event, order);
  }

  static String body(Notification notification) {
    return new String(notification.body(), StandardCharsets.UTF_8);
  }

  /** Its headers with its content type, as an HTTP client sends them. */
  static Map<String, String> headers(Notification notification) {
    Map<String, String> headers = new LinkedHashMap<>(notification.headers());
    headers.put("Content-Type", notification.contentType());
    return headers;
  }
}
