package com.payonce.sandbox.wechat;

import com.payonce.sandbox.keys.ChannelKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs what WeChat Pay sends (answers and notifications) with its platform key: SHA256withRSA over
 * {@code timestamp\nnonce\nbody\n}, announced in the {@code Wechatpay-*} headers with the id of the
 * public key a merchant checks it with.
 */
final class PlatformSigner {

  static final String TIMESTAMP = "Wechatpay-Timestamp";
  static final String NONCE = "Wechatpay-Nonce";
  static final String SIGNATURE = "Wechatpay-Signature";
  static final String SERIAL = "Wechatpay-Serial";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHANUMERIC =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final ChannelKeys keys;

  PlatformSigner(ChannelKeys keys) {
    this.keys = keys;
  }

  /** The four signature headers for {@code body} (empty for a 204), signed now. */
  Map<String, String> headers(byte[] body) {
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    String nonce = randomString(32);
    String message =
        timestamp + "\n" + nonce + "\n" + new String(body, StandardCharsets.UTF_8) + "\n";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(TIMESTAMP, timestamp);
    headers.put(NONCE, nonce);
    headers.put(SIGNATURE, sign(message));
    headers.put(SERIAL, keys.platformKeyId());
    return headers;
  }

  private String sign(String message) {
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(keys.platform().getPrivate());
      signer.update(message.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the platform key", e);
    }
  }

  static String randomString(int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return text.toString();
  }
}
