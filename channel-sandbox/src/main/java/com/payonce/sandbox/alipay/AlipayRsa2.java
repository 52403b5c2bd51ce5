package com.payonce.sandbox.alipay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Alipay's RSA2: SHA256withRSA over UTF-8 text, base64. Written with the JDK, not Alipay's SDK, so
 * that a client built on the SDK is checked against an independent reading of the protocol.
 */
final class AlipayRsa2 {

  private AlipayRsa2() {}

  /**
   * The text a parameter set is signed over: {@code k=v} pairs sorted by key, joined by {@code &},
   * values as they are (not URL-encoded); empty values and the {@code excluded} keys are left out.
   */
  static String content(Map<String, String> params, Set<String> excluded) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(params)
        .forEach(
            (key, value) -> {
              if (excluded.contains(key) || value == null || value.isEmpty()) {
                return;
              }
              text.append(text.isEmpty() ? "" : "&").append(key).append('=').append(value);
            });
    return text.toString();
  }

  static String sign(String content, PrivateKey key) {
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(content.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with RSA2", e);
    }
  }

  /** False for a signature that is not base64 too: it cannot be ours. */
  static boolean verify(String content, String signature, PublicKey key) {
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update(content.getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getDecoder().decode(signature));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }
}
