package com.payonce.activities.channel.wechat;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One WeChat Pay (API v3) channel's configuration. Suppliers are read at call time: in the embedded
 * run the port is known only once the server runs.
 *
 * @param baseUrl {@code https://api.mch.weixin.qq.com} or the simulator's; the SDK's hard-coded
 *     host is rewritten to it
 * @param appId the appid the customer pays through
 * @param merchantId the mchid
 * @param merchantSerialNumber the serial number of the merchant's API certificate
 * @param privateKey the merchant's API private key (PKCS#8, PEM or bare base64)
 * @param wechatPayPublicKey WeChat Pay's public key (PEM): answers and notifications are checked
 *     with it
 * @param wechatPayPublicKeyId its id ({@code PUB_KEY_ID_...})
 * @param apiV3Key the 32-character APIv3 key notifications are encrypted with
 * @param product {@code native} (a QR code) or {@code h5} (a redirect)
 * @param notifyUrl where WeChat Pay posts notifications (payonce's {@code /webhooks/<name>})
 * @param webhookTolerance how far a notification's signed timestamp may be from now (replays)
 */
public record WechatPaySettings(
    String name,
    Supplier<String> baseUrl,
    String appId,
    String merchantId,
    String merchantSerialNumber,
    String privateKey,
    String wechatPayPublicKey,
    String wechatPayPublicKeyId,
    String apiV3Key,
    String product,
    Supplier<String> notifyUrl,
    Duration connectTimeout,
    Duration readTimeout,
    Duration webhookTolerance) {

  @Override
  public String toString() {
    return "WechatPaySettings[name="
        + name
        + ", merchantId="
        + merchantId
        + ", product="
        + product
        + "]";
  }
}
