package com.payonce.api.cashier;

import com.payonce.api.config.PayonceProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The per-order secret a customer's page holds instead of the shop's API key (as Stripe's
 * client_secret): it reads that one order, follows its events and pays it, nothing else. Derived
 * (HMAC-SHA256 of the order id under {@code payonce.client-secret-key}), so nothing is stored and
 * every instance agrees; changing the key invalidates every page already handed out.
 */
@Component
public class ClientSecrets {
  private static final String PREFIX = "cs_";
  private final SecretKeySpec key;
  private final String publicUrl;

  public ClientSecrets(PayonceProperties properties) {
    this.publicUrl = properties.publicUrl() == null ? "" : properties.publicUrl();
    this.key =
        new SecretKeySpec(
            properties.clientSecretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  public String of(String orderId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] digest = mac.doFinal(("order:" + orderId).getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The hosted cashier page of the order: absolute once payonce knows its public address. */
  public String cashierUrl(String orderId) {
    return publicUrl + "/pay/" + orderId + "?secret=" + of(orderId);
  }

  /** Constant time, so a guess learns nothing from how long the answer took. */
  public boolean matches(String orderId, String secret) {
    return secret != null
        && MessageDigest.isEqual(
            of(orderId).getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
  }
}
