package com.payonce.sandbox.keys;

import java.security.KeyPair;

/**
 * What the simulated PSP issued to its merchant, and the key it signs with itself. A real PSP only
 * ever holds the merchant's public key; the simulator made the pair, so it also hands out the
 * private half (to the merchant's configuration, never over its API).
 *
 * @param merchantId Alipay's app_id, WeChat Pay's mchid
 * @param appId WeChat Pay's appid (the app the merchant pays through); Alipay: the app_id again
 * @param merchant the merchant's RSA-2048 pair: its requests are signed with the private half
 * @param merchantSerialNo WeChat Pay: serial number of the merchant's API certificate
 * @param platform the PSP's own pair: its answers and notifications are signed with it
 * @param platformKeyId WeChat Pay: the id of its public key ({@code PUB_KEY_ID_...})
 * @param apiV3Key WeChat Pay: the 32-byte AES-256-GCM key its notifications are encrypted with
 */
public record ChannelKeys(
    String merchantId,
    String appId,
    KeyPair merchant,
    String merchantSerialNo,
    KeyPair platform,
    String platformKeyId,
    String apiV3Key) {

  /** Records print every component; this one must not print a key. */
  @Override
  public String toString() {
    return "ChannelKeys[merchantId=" + merchantId + ", appId=" + appId + ", keys=<redacted>]";
  }
}
