package com.payonce.sandbox.wechat;

import com.payonce.sandbox.SandboxJson;
import com.payonce.sandbox.channel.Amount;
import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.webhook.Notification;
import com.payonce.sandbox.webhook.NotificationFormat;
import com.payonce.sandbox.webhook.PspWebhookEvent;
import com.payonce.sandbox.webhook.WebhookEventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WeChat Pay API v3 notifications: {@code {id, create_time, event_type, resource_type, summary,
 * resource}} with the transaction or refund encrypted under the APIv3 key, signed like an answer
 * ({@code Wechatpay-*} headers). The merchant acknowledges with 200 or 204 and no body needed;
 * anything else is sent again. WeChat Pay itself retries at 15s/15s/30s/3m/10m/20m/30m/30m/30m/60m/
 * 3h/3h/3h/6h/6h (24h4m in all); the simulator keeps its own (shorter, configurable) backoff.
 */
final class WechatPayNotifications implements NotificationFormat {

  static final String SIGNATURE_TYPE = "Wechatpay-Signature-Type";

  private final ChannelKeys keys;
  private final PlatformSigner signer;
  private final ResourceCipher cipher;

  WechatPayNotifications(ChannelKeys keys) {
    this.keys = keys;
    this.signer = new PlatformSigner(keys);
    this.cipher = new ResourceCipher(keys.apiV3Key());
  }

  @Override
  public Notification encode(PspWebhookEvent event, PspOrderSnapshot order) {
    boolean refund = event.type() == WebhookEventType.REFUND_SUCCEEDED;
    Instant occurredAt = Instant.parse(event.occurredAt());
    Map<String, Object> plaintext =
        refund
            ? TradeJson.refundNotice(
                order,
                event.refundNo(),
                Amount.parse(event.amount(), Amount.currency(event.currency())),
                occurredAt,
                keys)
            : TradeJson.transaction(order, keys);
    String originalType = refund ? "refund" : "transaction";
    String nonce = PlatformSigner.randomString(12);
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("original_type", originalType);
    resource.put("algorithm", "AEAD_AES_256_GCM");
    resource.put("ciphertext", cipher.encrypt(originalType, nonce, SandboxJson.write(plaintext)));
    resource.put("associated_data", originalType);
    resource.put("nonce", nonce);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", event.eventId());
    body.put("create_time", ChinaTime.format(occurredAt));
    body.put("resource_type", "encrypt-resource");
    body.put("event_type", refund ? "REFUND.SUCCESS" : "TRANSACTION.SUCCESS");
    body.put("summary", refund ? "退款成功" : "支付成功");
    body.put("resource", resource);
    byte[] bytes = SandboxJson.write(body);
    return new Notification("application/json", signed(bytes), bytes);
  }

  /** Every attempt signed now: WeChat Pay re-signs each of its retries. */
  @Override
  public Map<String, String> headersOf(Notification notification) {
    return signed(notification.body());
  }

  private Map<String, String> signed(byte[] body) {
    Map<String, String> headers = new LinkedHashMap<>(signer.headers(body));
    headers.put(SIGNATURE_TYPE, MerchantSignatureCheck.SCHEMA);
    return headers;
  }

  /** WeChat Pay takes 200 or 204 as received, whatever the body. */
  @Override
  public boolean acknowledged(int status, String body) {
    return status == 200 || status == 204;
  }

  @Override
  public String toString() {
    return "WechatPayNotifications[" + keys.merchantId() + "]";
  }
}
