package com.payonce.api.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a shop checks a delivery, written from the README alone (not payonce's signer): the {@code
 * t=} timestamp within the tolerance, and any {@code v1=} equal to HMAC-SHA256(secret, t + "." +
 * body), compared in constant time.
 */
final class ShopSignatureCheck {
  private ShopSignatureCheck() {}

  static boolean verifies(String header, String body, String secret, Duration tolerance) {
    long timestamp = -1;
    java.util.List<String> signatures = new java.util.ArrayList<>();
    for (String part : header.split(",")) {
      String[] pair = part.split("=", 2);
      if (pair.length != 2) {
        return false;
      }
      switch (pair[0].strip()) {
        case "t" -> timestamp = Long.parseLong(pair[1].strip());
        case "v1" -> signatures.add(pair[1].strip());
        default -> {} // schemes this shop does not know
      }
    }
    if (timestamp < 0
        || Math.abs(Instant.now().getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      expected =
          HexFormat.of()
              .formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)))
              .getBytes(StandardCharsets.UTF_8);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return signatures.stream()
        .anyMatch(s -> MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.UTF_8)));
  }
}
