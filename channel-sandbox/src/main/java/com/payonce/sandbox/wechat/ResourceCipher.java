package com.payonce.sandbox.wechat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AEAD_AES_256_GCM as WeChat Pay encrypts a notification's resource: the APIv3 key (32 bytes of
 * text) as the key, a 12-character nonce, the associated data authenticated, and base64 of the
 * ciphertext with its 128-bit tag appended.
 */
final class ResourceCipher {

  private static final int TAG_BITS = 128;

  private final byte[] key;

  ResourceCipher(String apiV3Key) {
    this.key = apiV3Key.getBytes(StandardCharsets.UTF_8);
    if (key.length != 32) {
      throw new IllegalArgumentException("the APIv3 key must be 32 bytes");
    }
  }

  String encrypt(String associatedData, String nonce, byte[] plaintext) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encrypt a notification resource", e);
    }
  }

  /** The inverse, for checking the format against WeChat Pay's published example. */
  String decrypt(String associatedData, String nonce, String ciphertext)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"),
        new GCMParameterSpec(TAG_BITS, nonce.getBytes(StandardCharsets.UTF_8)));
    cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    return new String(
        cipher.doFinal(Base64.getDecoder().decode(ciphertext)), StandardCharsets.UTF_8);
  }
}
