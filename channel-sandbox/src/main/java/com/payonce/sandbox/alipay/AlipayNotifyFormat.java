package com.payonce.sandbox.alipay;

import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.webhook.Notification;
import com.payonce.sandbox.webhook.NotificationFormat;
import com.payonce.sandbox.webhook.PspWebhookEvent;
import com.payonce.sandbox.webhook.WebhookEventType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Alipay's asynchronous notification: a form POST of trade_status_sync parameters, signed RSA2 over
 * every parameter but sign and sign_type (what the SDK's rsaCheckV1 checks), received only when the
 * merchant answers exactly {@code success}.
 */
final class AlipayNotifyFormat implements NotificationFormat {

  private final ChannelKeys keys;
  private final Clock clock;

  AlipayNotifyFormat(ChannelKeys keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  @Override
  public Notification encode(PspWebhookEvent event, PspOrderSnapshot order) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("notify_time", AlipayTime.format(clock.instant()));
    params.put("notify_type", "trade_status_sync");
    params.put("notify_id", event.eventId());
    params.put("app_id", keys.merchantId());
    params.put("charset", "utf-8");
    params.put("version", "1.0");
    params.put("trade_no", order.channelOrderId());
    params.put("out_trade_no", order.merchantOrderNo());
    params.put("trade_status", AlipayTrades.tradeStatus(order));
    params.put("total_amount", order.amount().toDecimalString());
    params.put("receipt_amount", order.paid().toDecimalString());
    params.put("buyer_pay_amount", order.paid().toDecimalString());
    params.put("gmt_payment", AlipayTime.format(order.paidAt()));
    if (event.type() == WebhookEventType.REFUND_SUCCEEDED) {
      params.put("out_biz_no", event.refundNo());
      // Alipay's refund_fee in a notification is the trade's refunded total, not this refund's.
      params.put("refund_fee", order.refunded().toDecimalString());
      params.put("gmt_refund", AlipayTime.formatMillis(Instant.parse(event.occurredAt())));
    }
    params.values().removeIf(value -> value == null);
    params.put("sign_type", "RSA2");
    params.put(
        "sign",
        AlipayRsa2.sign(
            AlipayRsa2.content(params, Set.of("sign", "sign_type")), keys.platform().getPrivate()));
    String body =
        params.entrySet().stream()
            .map(param -> encode(param.getKey()) + "=" + encode(param.getValue()))
            .collect(Collectors.joining("&"));
    return new Notification(
        "application/x-www-form-urlencoded; charset=utf-8",
        Map.of(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** Alipay resends anything but the seven characters {@code success}. */
  @Override
  public boolean acknowledged(int status, String body) {
    return status == 200 && "success".equals(body);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
