package com.payonce.sandbox.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a sandbox webhook is signed, so a receiver can check it came from the channel.
 *
 * <pre>
 * X-Sandbox-Timestamp: epoch seconds when this delivery attempt was sent, e.g. 1700000000
 * X-Sandbox-Signature: lowercase hex of HMAC-SHA256(key = the channel's webhook secret as UTF-8,
 *                                                   message = timestamp + "." + raw body bytes)
 * </pre>
 *
 * A verifier recomputes the signature over the body bytes exactly as received (not re-serialized
 * JSON), compares in constant time, and should reject timestamps far from its own clock. The
 * timestamp is fresh on every redelivery; the body, and so its eventId, is not.
 */
public final class WebhookSigner {

  public static final String TIMESTAMP_HEADER = "X-Sandbox-Timestamp";
  public static final String SIGNATURE_HEADER = "X-Sandbox-Signature";

  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSigner() {}

  public static String sign(String secret, String timestamp, byte[] rawBody) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(rawBody));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  public static String sign(String secret, String timestamp, String rawBody) {
    return sign(secret, timestamp, rawBody.getBytes(StandardCharsets.UTF_8));
  }
}
