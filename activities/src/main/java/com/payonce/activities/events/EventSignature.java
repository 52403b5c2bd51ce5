package com.payonce.activities.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Payonce-Signature} header of a delivery: {@code t=<unix seconds>,v1=<hex>[,v1=<hex>]},
 * each v1 the HMAC-SHA256 under one of the endpoint's secrets of {@code "<t>.<raw body>"}. Two v1
 * during a secret rotation, so a shop may switch its secret on its own schedule. The timestamp is
 * signed too: a shop refuses deliveries older than its tolerance (README: five minutes), and a
 * replayed body cannot be given a fresh time.
 */
public final class EventSignature {
  public static final String HEADER = "Payonce-Signature";

  private EventSignature() {}

  public static String header(long timestampSeconds, String body, List<String> secrets) {
    StringBuilder header = new StringBuilder("t=").append(timestampSeconds);
    for (String secret : secrets) {
      header.append(",v1=").append(hmac(secret, timestampSeconds + "." + body));
    }
    return header.toString();
  }

  private static String hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
