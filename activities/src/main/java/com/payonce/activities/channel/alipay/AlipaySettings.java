package com.payonce.activities.channel.alipay;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One Alipay channel's configuration. Suppliers are read at call time: in the embedded run the port
 * is known only once the server runs.
 *
 * @param gatewayUrl Alipay's gateway ({@code https://openapi.alipay.com/gateway.do}) or the
 *     simulator's
 * @param appId the app's app_id
 * @param privateKey the app's RSA2 private key (PKCS#8, PEM or bare base64)
 * @param alipayPublicKey Alipay's public key (PEM or bare base64): answers and notifications are
 *     checked with it
 * @param product {@code precreate} (a QR code), {@code page} (PC redirect) or {@code wap}
 * @param returnUrl where page and wap pay send the customer back; may be null
 * @param notifyUrl where Alipay posts notifications (payonce's {@code /webhooks/<name>})
 */
public record AlipaySettings(
    String name,
    Supplier<String> gatewayUrl,
    String appId,
    String privateKey,
    String alipayPublicKey,
    String product,
    String returnUrl,
    Supplier<String> notifyUrl,
    Duration connectTimeout,
    Duration readTimeout) {

  @Override
  public String toString() {
    return "AlipaySettings[name=" + name + ", appId=" + appId + ", product=" + product + "]";
  }
}
