package com.payonce.sandbox.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.SandboxKeys;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The simulator's WeChat Pay API v3 crypto against what WeChat Pay's official SDKs publish: the
 * AEAD_AES_256_GCM resource cipher to the byte, and the SHA256withRSA message formats checked by an
 * independent JDK implementation where no fixed vector can apply (WeChat Pay signs a fresh
 * timestamp and nonce, and the simulator refuses a request more than five minutes old).
 */
class WechatPayKnownAnswerTest {

  // --- AEAD_AES_256_GCM: wechatpay-apiv3/wechatpay-java
  // core/src/test/java/com/wechat/pay/java/core/cipher/AeadAesCipherTest.java, with the APIv3 key
  // of
  // core/src/test/java/com/wechat/pay/java/core/model/TestConfig.java (API_V3_KEY)

  private static final String SDK_TEST_API_V3_KEY = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
  private static final String SDK_ASSOCIATED_DATA = "associatedData";
  private static final String SDK_NONCE = "uluk4a9R25RW";
  private static final String SDK_PLAINTEXT = "message";
  private static final String SDK_CIPHERTEXT = "ulwSiIajGClcvcOYvOQ7+l+0PAbzzwI=";

  /**
   * An encrypt-resource as WeChat Pay sends it (GET /v3/certificates, encrypt_certificate; the same
   * AEAD and key as a notification's resource): TestConfig.DOWNLOAD_CERTIFICATE_RESPONSE in the
   * same wechatpay-java file, under the same APIv3 key. The plaintext is the PEM of the platform
   * certificate whose serial_no the response gives.
   */
  private static final String CERTIFICATE_RESOURCE_NONCE = "14b16c03dc1b";

  private static final String CERTIFICATE_RESOURCE_ASSOCIATED_DATA = "certificate";
  private static final String CERTIFICATE_RESOURCE_SERIAL_NO =
      "5DEA10EF55877E3CF6C33255C2E7DEFFF7E427EC";
  private static final String CERTIFICATE_RESOURCE_CIPHERTEXT =
      """
      Mr/AxbvY+WL9hKlD5nIa03LOMPpn5f+CWeNxE4ujl0f5gXZ9XLJ9CldkArCOTsbU62XgKnTc3YvR
      MZQ7wCmE2fzwmAenAySTYsPms72JhggPWfdqVxri9YD5wBYKn8Ck0Fc5JIiVw9WlN2oxHBz83mRV
      sjoTGC5+cX1CdYqKuZ8pkvi0aCJIq07ZC8MHoTowUz+4jYJy9XeKqip83Z7BmUYxsePpNM+HtihB
      qTJIUYXJfX7Col5X0ACsApRoU9l6swfW/kzvqNpDJavhDBGasLrr5822+Fk5nVkcTi53f8Wbue7O
      DWjJxj1yhRYcxFCvXLtpYNB+Qa1aXtrBSdBdBI2p7o+6Imn+auHLBCzkrZqF/yd+d4vTn4tqHPLU
      j89XcHsMf96uBo3T/HQV8LEDeIO+6YvOK9FrIDYsvp+imN4n/mnF7eJKo9mpN/QqWJiawrFpAmMM
      xFKBjIdpgMnVUl3Z11RcWKyfOJ3kcmItTWcnZFNyDgR9cS0aU6QPlefa3uUW89uzBuHjcFdDl43y
      U3LE4qZnHLDcDgx4qt0OFCLiy51GXtEpyYs5k99YJBvKK+RyIs4Yc1/smBmClQUhxW+8bsPNOcXf
      DvH2yX4YzESoO4TV0RqiCgnsSd4zIFyJPiMKIGzVHiw6Kg0eGCmB4mGHEEZCQ0eN3SSPO0QVjjtB
      YfgXDZfVHSaAB8PjWBVNFimoViZZQrwT6Ygo0LU0Dd8+F5aHFYr4OPHPslr3hrgutEYXDTv1vTA6
      ABJGqknJ9Y2vtyWpy7aIwxc0kQq/1ezjs+RMVL/LRpGDnbx1/CGPDjZhYgZypKa55+PDhoaQxqkF
      3xCLz2DGoNHZYmFqxzAOsAK0vJZw4VcAk6ssbA6YIaMuiemEpxfLC9ZiXtRqsX9s+GWjjtA8JywO
      FMO+NKZm9BH/E5YNg2DDD3sHG9Mciwn7yJ6sdf8h2lAWlEExAOeiBNyshOHAQ0/S+x1ncWNiqY+U
      h5n0rtonvePV2MsxVlEWR3AVHn1abcEWkzivd+G5kg7LYO0goqzGClcQfnFfZdO6KwcMXsBCnm9A
      1Bl4+k5LLokTIYH5/36SRIZ9j0CHGD77BQLE7x8AlNsoFS2m263tLLq78TFqvZUTIZIQcVIl+NIn
      scS3xQbA38qqFqutCWIwoF1azuJ7woiJyMvnS3xzIpNzP+rzJ8VDXxjLjpEUBOC9WDs74+QMtsAd
      mh6g0KDclHEk8WJ4P2bnso4z3VCGoDT5X/0bS1C+jMZMKaOCNB21FZ08qgUHmKeDeg8ylENu+mh2
      Y/AaEDSGkGBHIfFbhMYO3uRxhk9hldiHEnHgdkXiVAAUWk/IhtmGijibO/L76vB74Xpes973uK+2
      iFKgNBk8qTLLZZnuWbcMQuA6VsFULRb/C+q9B21YuAWPMzvgBwr4EX2m/OpF5w8Q0HL7v1H5H0mI
      GJbrjnklUPoBYrw30W3uk7yF0KE6sfMukafFx0S9rBOL0RykGDPwC0lHSNySkXDeM5XvDJ+dtHK+
      RDwhJR+azfrWAHGMtZcQ+YVamjWVmHxXM03j3GeCXgqae1upwHzkPL5OwojcQ5MQi3Kv/1xtwY0c
      RN/yeZTOsXfujtqhkJj/Vltby4lnW4SCj4LjWQF19BY6zhzF4yybBA8bhhtoNP/zx8QkhHAkIROk
      K2ZVgfocCAPvfQ+vSrsIBO+L5cmg6mzFn4g84lsHscgXnszIlzUrzx/4Tam0uwuS9J1gddZ0I0QU
      t9SJzfsoBCTU0OgNMUtXKS5HvgXe7abexMtFH5eulOsAuFZkQ5LYJa/m4yHFInXzL/t3hjdTi2Nm
      xUufvYzwIyffRTu5vS9vjscARD9lUQDHFQ/xgWe1i8EkRlrSfjlXt00+4//h2bcJKyTBT3IXwvKN
      suY29V9/vU3HkvWKZ99zpSlmcZRuBa1BHbyPEvc0NlqIIoKidxqUvOR64MzudHhAjgWFP+IXojfh
      S3Gj9OJhBL7s
      """;

  @Test
  void encryptsTheSdksSampleToTheSdksCiphertext() {
    ResourceCipher cipher = new ResourceCipher(SDK_TEST_API_V3_KEY);

    assertThat(
            cipher.encrypt(
                SDK_ASSOCIATED_DATA, SDK_NONCE, SDK_PLAINTEXT.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SDK_CIPHERTEXT);
  }

  @Test
  void decryptsTheSdksCiphertextToTheSdksSample() throws Exception {
    ResourceCipher cipher = new ResourceCipher(SDK_TEST_API_V3_KEY);

    assertThat(cipher.decrypt(SDK_ASSOCIATED_DATA, SDK_NONCE, SDK_CIPHERTEXT))
        .isEqualTo(SDK_PLAINTEXT);
  }

  @Test
  void theSdksCiphertextDoesNotOpenWithOtherAssociatedDataOrNonce() {
    ResourceCipher cipher = new ResourceCipher(SDK_TEST_API_V3_KEY);

    // the bad values of AeadAesCipherTest.testDecryptBadAAD / testDecryptBadNonce
    assertThatThrownBy(() -> cipher.decrypt("bad-associatedData", SDK_NONCE, SDK_CIPHERTEXT))
        .isInstanceOf(AEADBadTagException.class);
    assertThatThrownBy(() -> cipher.decrypt(SDK_ASSOCIATED_DATA, "bad-4a9R25RW", SDK_CIPHERTEXT))
        .isInstanceOf(AEADBadTagException.class);
  }

  @Test
  void decryptsWechatPaysEncryptedCertificateResource() throws Exception {
    ResourceCipher cipher = new ResourceCipher(SDK_TEST_API_V3_KEY);

    String pem =
        cipher.decrypt(
            CERTIFICATE_RESOURCE_ASSOCIATED_DATA,
            CERTIFICATE_RESOURCE_NONCE,
            CERTIFICATE_RESOURCE_CIPHERTEXT.replaceAll("\\s", ""));

    assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
    X509Certificate certificate =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    assertThat(certificate.getSerialNumber())
        .isEqualTo(new BigInteger(CERTIFICATE_RESOURCE_SERIAL_NO, 16));
    assertThat(certificate.getSubjectX500Principal().getName()).contains("O=Tenpay.com");
  }

  @Test
  void theSimulatorsResourceOpensWithPlainJavaxCrypto() throws Exception {
    String apiV3Key = SandboxKeys.generate("wechat").apiV3Key();
    String plaintext = "{\"trade_state\":\"SUCCESS\",\"payer\":{\"openid\":\"o-微信\"}}";
    String nonce = PlatformSigner.randomString(12);

    String ciphertext =
        new ResourceCipher(apiV3Key)
            .encrypt("transaction", nonce, plaintext.getBytes(StandardCharsets.UTF_8));

    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(apiV3Key.getBytes(StandardCharsets.UTF_8), "AES"),
        new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
    aes.updateAAD("transaction".getBytes(StandardCharsets.UTF_8));
    assertThat(
            new String(aes.doFinal(Base64.getDecoder().decode(ciphertext)), StandardCharsets.UTF_8))
        .isEqualTo(plaintext);
  }

  // --- signatures: no fixed vector applies (fresh timestamp and nonce), so plain JDK checks them

  @Test
  void theSimulatorsAnswerSignatureVerifiesOverTimestampNonceAndBody() throws Exception {
    ChannelKeys keys = SandboxKeys.generate("wechat");
    byte[] body =
        "{\"code_url\":\"weixin://wxpay/bizpayurl?pr=p4lpSuKzz\"}".getBytes(StandardCharsets.UTF_8);

    Map<String, String> headers = new PlatformSigner(keys).headers(body);

    String timestamp = headers.get("Wechatpay-Timestamp");
    String nonce = headers.get("Wechatpay-Nonce");
    assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), within(5L));
    assertThat(nonce).hasSize(32);
    assertThat(headers.get("Wechatpay-Serial")).isEqualTo(keys.platformKeyId());
    String message =
        timestamp + "\n" + nonce + "\n" + new String(body, StandardCharsets.UTF_8) + "\n";
    assertThat(
            jdkVerifies(keys.platform().getPublic(), message, headers.get("Wechatpay-Signature")))
        .isTrue();
  }

  @Test
  void aRequestSignedWithPlainJdkPassesTheMerchantSignatureCheck() throws Exception {
    ChannelKeys keys = merchantKeys();
    // the request of wechatpay-java
    // core/src/test/java/com/wechat/pay/java/core/auth/WechatPay2CredentialTest.java
    String url = "/v3/pay/transactions/id/1217752501201407033233368018?mchid=1230000109";
    String nonce = "eBYqCOxa0QudMnPvVilkTzOg3gHh5Z3u";
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    String signature =
        jdkSign(
            keys.merchant().getPrivate(), "GET\n" + url + "\n" + timestamp + "\n" + nonce + "\n\n");

    new MerchantSignatureCheck(keys)
        .require(authorization(keys, nonce, timestamp, signature), "GET", url, new byte[0]);
  }

  @Test
  void aSignedPostBodyIsCheckedAsItsUtf8Text() throws Exception {
    ChannelKeys keys = merchantKeys();
    String url = "/v3/pay/transactions/native";
    String body = "{\"mchid\":\"1230000109\",\"description\":\"Image形象店-深圳腾大-QQ公仔\"}";
    String nonce = "593BEC0C930BF1AFEB40B4A08C8FB242";
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    String signature =
        jdkSign(
            keys.merchant().getPrivate(),
            "POST\n" + url + "\n" + timestamp + "\n" + nonce + "\n" + body + "\n");
    String authorization = authorization(keys, nonce, timestamp, signature);
    MerchantSignatureCheck check = new MerchantSignatureCheck(keys);

    check.require(authorization, "POST", url, body.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(
            () ->
                check.require(
                    authorization,
                    "POST",
                    url,
                    body.replace("QQ", "qq").getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            WechatPayError.class, error -> assertThat(error.code()).isEqualTo("SIGN_ERROR"));
  }

  private static ChannelKeys merchantKeys() {
    ChannelKeys generated = SandboxKeys.generate("wechat");
    return new ChannelKeys(
        "1230000109",
        generated.appId(),
        generated.merchant(),
        "5F1C72E2A8931B72A2E13AF8DEE92471EB397115",
        generated.platform(),
        generated.platformKeyId(),
        generated.apiV3Key());
  }

  /** The parameters in the order WeChat Pay's documentation shows them. */
  private static String authorization(
      ChannelKeys keys, String nonce, String timestamp, String signature) {
    return "WECHATPAY2-SHA256-RSA2048 mchid=\""
        + keys.merchantId()
        + "\",nonce_str=\""
        + nonce
        + "\",signature=\""
        + signature
        + "\",timestamp=\""
        + timestamp
        + "\",serial_no=\""
        + keys.merchantSerialNo()
        + "\"";
  }

  private static String jdkSign(PrivateKey key, String message) throws Exception {
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(message.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  private static boolean jdkVerifies(PublicKey key, String message, String signature)
      throws Exception {
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update(message.getBytes(StandardCharsets.UTF_8));
    return verifier.verify(Base64.getDecoder().decode(signature));
  }
}
