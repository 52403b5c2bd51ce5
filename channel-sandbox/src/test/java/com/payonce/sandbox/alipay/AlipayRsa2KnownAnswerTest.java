package com.payonce.sandbox.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link AlipayRsa2} against messages Alipay (and its SDKs' test suites) published with their
 * signatures: what Alipay signed must verify under the simulator's reading of the protocol, and a
 * known key must sign a known text to exactly the published signature (PKCS#1 v1.5 is
 * deterministic).
 */
class AlipayRsa2KnownAnswerTest {

  /**
   * The app public key of alipay/alipay-sdk-java-all's test app 2019091767145019, from its
   * src/test/resources/fixture/appCertPublicKey_2019091767145019.crt.
   */
  private static final String SDK_TEST_APP_CERTIFICATE =
      """
      MIIDejCCAmKgAwIBAgIQIBkJF4/u3N03Ui3OAdhIszANBgkqhkiG9w0BAQsFADCBgjELMAkGA1UE
      BhMCQ04xFjAUBgNVBAoMDUFudCBGaW5hbmNpYWwxIDAeBgNVBAsMF0NlcnRpZmljYXRpb24gQXV0
      aG9yaXR5MTkwNwYDVQQDDDBBbnQgRmluYW5jaWFsIENlcnRpZmljYXRpb24gQXV0aG9yaXR5IENs
      YXNzIDIgUjEwHhcNMTkwOTE3MTI1NDI0WhcNMjEwOTE2MTI1NDI0WjBbMQswCQYDVQQGEwJDTjEP
      MA0GA1UECgwG6ZKf6ZuoMQ8wDQYDVQQLDAZBbGlwYXkxKjAoBgNVBAMMITIwODgwMDI2NTY3MTg5
      MjAtMjAxOTA5MTc2NzE0NTAxOTCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAI7lqNEh
      M+zmuofduwxRC/HeAcYW1S1/YmoREF71EV2bt4xexcs0p3hPGExM1IXur7HEZfc1jsq+7U2khRoN
      EVsadBZMsVPTtc3aiuiHWN/gUiSb4uM/hnARQSUt1M7mEXxpJRz0kWJsSUqjcx2Bovu00cGFbIZG
      Xv/H86QzBfPpRd9qAT30rfSiZb3CjtieVMTq60wmWIdd8/1rZpGy+EEXBGGkXOQoGTBgUXofQIzw
      rWigATNt/+Ngx60uONMeJTLk1RYo+1F/V2iWNgsECqhU6283iQ6ScjmUhrOVVuh20TOSaFx2xczN
      C1Cw5qP+hGtITnYuGITDVxSho1k+04UCAwEAAaMSMBAwDgYDVR0PAQH/BAQDAgP4MA0GCSqGSIb3
      DQEBCwUAA4IBAQA3EhSYXqVMWw9VJiLGigBgbSDJdrX0lMa2uRNB2X1n+SsRLK5MzXNx5oGZykgO
      WFoCH1rTO7mP7hCOjWROCgdn7mcttkyWHUFKaQjuAXh2UjmKiKkfzkDBe47DwpWtMNZI6d4aosxB
      asoNhXY8k2WtJvlGfdgsNYDIKpamjL3XAKRohSn6kNmTOaRsrOethJWsgClKIe7FDGLO8XBOSdyd
      7KClfLY8AEg7sCvIUjA5FhIpZML8SoClD11zb5ENH43vONQveQACzFkkYu4DiyCFCBfxt5uALVGs
      vV1qhwcQX35kmhYxuTdXwU5xJ8owS9abd5fu3dY1k34fY2L5M8oa
      """;

  /**
   * The Alipay public key that checks the real trade_status_sync notifications kept in
   * alipay/alipay-sdk-nodejs test/alipay.test.js ("checkNotifySign", notifyAlipayPublicKeyV1).
   */
  private static final String NOTIFY_ALIPAY_PUBLIC_KEY =
      """
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqObrdC7hrgAVM98tK0nv3hSQRGGKT4lBsQjH
      iGjeYZjOPIPHR5knm2jnnz/YGIXIofVHkA/tAlBAd5DrY7YpvI4tP5EONLtZKC2ghBMx7McI2wRD0xiq
      zxOQr1FuhZGJ8/AUokBzJrzY+aGX2xcOrxFYRlFilvVLTXg4LWjR1tdPkO6+i7wQZAIVMClPkwVRZEba
      ERRHlKqTzv2gGv5rDU8gRoe1LeaN+6BlbTqHWkQcNCUNrA8C6l17XAXGKDsm/9TFWwO8EPHHHCaQdjtV
      5/FdcWIt+L8SR1ss7EXTjYDFtxcKVv9rEoY1lX8T4mX+GbXfZHraG5NCF1+XioL5JwIDAQAB
      """;

  /**
   * The Alipay public key of alipay/alipay-sdk-nodejs test/fixtures/alipay-public-key.pem, which
   * checks the signed gateway answer in test/alipay.test.js ("checkResponseSign", "normal").
   */
  private static final String RESPONSE_ALIPAY_PUBLIC_KEY =
      """
      MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA6kdjvWNCT+K3qQQgAyv+
      8k0+lkrL6+dA+cb9OAX5sZgIxP2ycK51VYxwZgZgHCIWCkB/l/Zqqhye/E6x/nNM
      SqRkW3FGpP4/hKWByG3Ah8DXRcUaAvd8aCWHcBpgZqjBp3ADPTcHViI10cGe0mn1
      3wGaIZQl6G74CtnY6YQJ/1NkoE+C9Z0VD4xor4oJOZW1/rbc85InBmjU87BWtxmk
      IQWWVw+Vwd0EL8oDU9GWNZ1Se9sZf4UHxs+goHh3/JhQly3iKqlt/hgFsip78kvd
      eDwoL8gS6RCUi+Bp6j9Ee5Thd+CC61Ilk7iKiUQMMVn6+kdTGcV2XwUBezH2Go4d
      lwIDAQAB
      """;

  /**
   * A throwaway PKCS#8 RSA-2048 test key with a published SHA256withRSA signature: WeChat Pay's Go
   * SDK, wechatpay-apiv3/wechatpay-go utils/sign_test.go (testAlgorithmPrivateKeyStr, written there
   * as a "TESTING KEY"). The same primitive as Alipay's RSA2: SHA256withRSA, PKCS#1 v1.5, base64.
   */
  private static final String PUBLISHED_TEST_PRIVATE_KEY =
      """
      MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZUJN33V+dSfvdfL0Mu+39XrZN
      XFFMQSy1V15FpncHeV47SmV0TzTqZc7hHB0ddqAdDi8Z5k3TKqb76sOwYr5TcAfuR6PIPaleyE0/
      0KrljBum2Isa2Nyq7Dgc3ElBQ6YN4l/a+DpvKaz1FSKmKrhLNskqokWVSlu4g8OlKlbPXQ9ibII1
      4MZRQrrkTmHYHzfi7GXXM0thAKuR0HNvyhTHBh4/lrYM3GaMvmWwkwvsMavnOex6+eioZHBOb1/E
      IZ/LzC6zuHArPpyW3daGaZ1rtQB1vVzTyERAVVFsXXgBHvfFud3w3ShsJYk8JvMwK2RpJ5/gV0QS
      ARcmLDRUAlPzAgMBAAECggEBAMc7rDeUaXiWv6bMGbZ3BTXpg1FhdddnWUnYE8HfX/kmOFI7XtBH
      XcgYFpcjYz4D5787pcsk7ezPidAj58zqenuclmjKnUmT3pfbI5eCA2v4C9HnbYDrmUPK1ZcADtka
      4D6ScDccpNYNa1g2TFHzkIrEa6H+q7S3O2fqxY/DRVtN0JIXalBb8daaqL5QVzSmM2BMVnHy+YIT
      JWIkP2a3pKs9C0W65JGDsnG0wVrHinHF+cnhFZIbaPEI//DAFMc9NkrWOKVRTEgcCUxCFaHOZVNx
      DWZD7A2ZfJB2rK6eg//ygEiFDR2h6mTaDowMB4YF2n2dsIO4/dCG8vPHI20jn4ECgYEA/ZGu6lEM
      lO0XZnamAZGtiNgLcCfM/C2ZERZE7QTRPZH1WdK92Al9ndldsswFw4baJrJLCmghjF/iG4zihhBv
      LnOLksnZUfjdumxoHDWXo2QBWbI5QsWIE7AuTiWgWj1I7X4fCXSQf6i+M/y26TogQ7d0ANpZFyOk
      TNMn/tiJvLECgYEA22XqlamG/yfAGWery5KNH2DGlTIyd6xJWtJ9j3jU99lZ0bCQ5xhiBbU9ImxC
      i3zgTsoqLWgA/p00HhNFNoUcTl9ofc0G3zwTD1y0ZzcnVKxGJdZ6ohW52V0hJStAigtjYAsUgjm7
      //FH7PiQDBDP1Wa6xSRkDQU/aSbQxvEE8+MCgYEA3bb8krW7opyM0XL9RHH0oqsFlVO30Oit5lrq
      ebS0oHl3Zsr2ZGgoBlWBsEzk3UqUhTFwm/DhJLTSJ/TQPRkxnhQ5/mewNhS9C7yua7wQkzVmWN+V
      YeUGTvDGDF6qDz12/vJAgSwDDRym8x4NcXD5tTw7mmNRcwIfL22SkysThIECgYAVBgccoEoXWS/H
      P2/u6fQr9ZIR6eV8Ij5FPbZacTG3LlS1Cz5XZra95UgebFFUHHtCEY1JHJY7z8SWvTH8r3Su7eWN
      aIAoFBGffzqqSVazfm6aYZsOvRY6BfqPHT3p/H1hTq6AbBffxrcltgvXnCTORjHPglU0CjSxVs7a
      wW3AEQKBgB5WtaC8VLROM7rkfVIq+RXqE5vtJfa3e3N7W3RqxKp4zHFAPfr82FK5CX2bppEaxY7S
      EZVvVInKDc5gKdG/jWNRBmvvftZhY59PILHO2X5vO4FXh7suEjy6VIh0gsnK36mmRboYIBGsNuDH
      jXLeBDa+8mDLkWu5nHEhOxy2JJZl
      """;

  /** The signature of "source" by that key (utils/sign_test.go, testAlgorithmExpectSignature). */
  private static final String PUBLISHED_SIGNATURE_OF_SOURCE =
      "BKyAfU4iMCuvXMXS0Wzam3V/cnxZ+JaqigPM5OhljS2iOT95OO6Fsuml2JkFANJU9K6q9bLlDhPXuoV"
          + "z+pp4hAm6pHU4ld815U4jsKu1RkyaII+1CYBUYC8TK0XtJ8FwUXXz8vZHh58rrAVN1XwNyvD1vfpxrMT4SL536GLwvpUHlCqIMzoZUguLl"
          + "i/K8V29QiOhuH6IEqLNJn8e9b3nwNcQ7be3CzYGpDAKBfDGPCqCv8Rw5zndhlffk2FEA70G4hvMwe51qMN/RAJbknXG23bSlObuTCN7Ndj"
          + "1aJGH6/L+hdwfLpUtJm4QYVazzW7DFD27EpSQEqA8bX9+8m1rLg==";

  // --- requests: signed over every parameter but sign (sign_type included), as the gateway checks

  /**
   * alipay/alipay-sdk-java-all src/test/java/com/alipay/api/RSACheckTest.java,
   * should_pass_rsa_check_when_sign_type_is_rsa2: checked there with AlipaySignature.rsaCheckV2,
   * which leaves out sign only, as AlipayGateway does for a request.
   */
  @Test
  void theJavaSdksRsa2SampleVerifiesUnderTheRequestRule() throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("method", "koubei.marketing.data.indicator.query");
    params.put("app_id", "2019090366875133");
    params.put("sign_type", "RSA2");
    params.put(
        "sign",
        "JzoDc8VxY1/w6yN9WdWV10aipS3YcRpK"
            + "+jw4xfLybf90ZK9L3AHLUJbNLWVnHW3IuLoJbBeSGVxSbPBhe4ggPklcYUkPowgtlZ6YlthuQDtjF23h2obXuXkQRd"
            + "+RPbDWvOA5AYQjsKH8uSHil5aRARewPIPhukl9Mn4HEovUccsBR/RirQFSGmGYiMM0zvhVSR7pXZDEhiADzvzAkvVVTI1"
            + "/HbNqcoBU4ctSPAGsuDPO/mah1+IwGQAuPP6xoEPL"
            + "+3zQ0wztQCwHT2o8aQmxFJ9a09q8ybRprHaNjCgTaLDeTWE0o1pllZIE8c7wnG3cOuj6quYjTcQyLm6P4M87Zw==");
    PublicKey appKey = certificateKey(SDK_TEST_APP_CERTIFICATE);

    String content = AlipayRsa2.content(params, Set.of("sign"));

    assertThat(content)
        .isEqualTo(
            "app_id=2019090366875133&method=koubei.marketing.data.indicator.query&sign_type=RSA2");
    assertThat(AlipayRsa2.verify(content, params.get("sign"), appKey)).isTrue();
    params.put("app_id", "2019090366875134");
    assertThat(
            AlipayRsa2.verify(
                AlipayRsa2.content(params, Set.of("sign")), params.get("sign"), appKey))
        .isFalse();
  }

  /**
   * Same file, should_pass_rsa_check_when_charset_is_utf8: a Chinese value is signed as its UTF-8
   * bytes.
   */
  @Test
  void theJavaSdksUtf8SampleVerifies() throws Exception {
    Map<String, String> params = new HashMap<>();
    params.put("method", "koubei.marketing.data.indicator.query");
    params.put("app_id", "2019090366875133");
    params.put("extra", "中文测试");
    params.put("sign_type", "RSA2");
    String sign =
        "KrRGUY3/2JX3KtlLgus8CbK0xuUIBDCpOdJkVzJDefez6HvlA8RA6uCVj2rrMd7DgVfarG5SROdSnkZbf8MLKHbVoFqi9w0QCvto9mc8n3ezfWejZECJVCZhbJ3OslB+4gij9+F70usrnCNEJZm02ntyNdVzcqMbgdRMB93BJIRC1jjmCotpXgXWrRdTb/SfhIAkoHqgGi2aCUHuLDInLGZCn8NeziGWMnFOic6/sE/nMpwriOmwLb2nyzD0fGiolwuuxlOGMcBHAb22J8XqchFHyCpbs2A/rWdJMjhUfqsErbtZQM93fi1xfL2pUa9RMWX0Q81Qk7iSEeHCR+NGyQ==";

    assertThat(
            AlipayRsa2.verify(
                AlipayRsa2.content(params, Set.of("sign")),
                sign,
                certificateKey(SDK_TEST_APP_CERTIFICATE)))
        .isTrue();
  }

  // --- notifications: signed over every parameter but sign and sign_type, as AlipayNotifyFormat

  /**
   * A real trade_status_sync notification Alipay sent (alipay/alipay-sdk-nodejs
   * test/alipay.test.js, checkNotifySign, "verify sign should delete sign_type" / "without
   * sign_type arguments verify success"; fund_bill_list is an array there, sent by Alipay as the
   * JSON text below).
   */
  private static Map<String, String> alipaysTradeNotification() {
    Map<String, String> params = new HashMap<>();
    params.put("gmt_create", "2019-08-15 15:56:22");
    params.put("charset", "utf-8");
    params.put("seller_email", "z97-yuquerevenue@service.aliyun.com");
    params.put("subject", "语雀空间 500人规模");
    params.put(
        "sign",
        "QfTb8tqE1BMhS5qAnXtvsF3/jBkEvu9q9en0pdbBUDDjvKycZhQb7h8GDs4FKfi049PynaNuatxSgLb/nLWZpXyyh0LEWdK2S6Ri7nPwrVgOs08zugLO20vOQz44y3ti2Ncm8/wZts1Fr2gZ7pShnVX3d1B50hbsXnObT1r/U8ONNQjWXd0HIul4TG+Q3fm3svmSvFEy0WnzuhcyHPX5Gm4ELNctL6Qd5YniGJFNcc7kopHYtI/XD9YCKCH6Ct02rzUs9i11C9CsadtZn+WhxF26Dqt9sGEFajkJ8cxUTLi8+VCpLHsgPE8P0y095uQcDdK0YjCh4x7wVSov+lrmOQ==");
    params.put("buyer_id", "2088102534368455");
    params.put("invoice_amount", "0.10");
    params.put("notify_id", "2019081500222155624068450559358070");
    params.put("fund_bill_list", "[{\"amount\":\"0.10\",\"fundChannel\":\"ALIPAYACCOUNT\"}]");
    params.put("notify_type", "trade_status_sync");
    params.put("trade_status", "TRADE_SUCCESS");
    params.put("receipt_amount", "0.10");
    params.put("buyer_pay_amount", "0.10");
    params.put("app_id", "2019073166072302");
    params.put("sign_type", "RSA2");
    params.put("seller_id", "2088531891668739");
    params.put("gmt_payment", "2019-08-15 15:56:24");
    params.put("notify_time", "2019-08-15 15:56:25");
    params.put("version", "1.0");
    params.put("out_trade_no", "20190815155618536-564-57");
    params.put("total_amount", "0.10");
    params.put("trade_no", "2019081522001468450512505578");
    params.put("auth_app_id", "2019073166072302");
    params.put("buyer_logon_id", "xud***@126.com");
    params.put("point_amount", "0.00");
    return params;
  }

  @Test
  void alipaysOwnTradeNotificationVerifiesUnderTheNotificationRule() throws Exception {
    Map<String, String> params = alipaysTradeNotification();
    PublicKey alipayKey = publicKey(NOTIFY_ALIPAY_PUBLIC_KEY);

    // the exclusions AlipayNotifyFormat signs with
    String content = AlipayRsa2.content(params, Set.of("sign", "sign_type"));

    assertThat(content)
        .startsWith("app_id=2019073166072302&auth_app_id=2019073166072302&buyer_id=")
        .doesNotContain("sign_type=")
        .endsWith("&trade_status=TRADE_SUCCESS&version=1.0");
    assertThat(AlipayRsa2.verify(content, params.get("sign"), alipayKey)).isTrue();
  }

  @Test
  void alipaysTradeNotificationIsNotSignedOverSignType() throws Exception {
    Map<String, String> params = alipaysTradeNotification();

    assertThat(
            AlipayRsa2.verify(
                AlipayRsa2.content(params, Set.of("sign")),
                params.get("sign"),
                publicKey(NOTIFY_ALIPAY_PUBLIC_KEY)))
        .isFalse();
  }

  @Test
  void aTamperedAmountBreaksAlipaysNotificationSignature() throws Exception {
    Map<String, String> params = alipaysTradeNotification();
    params.put("total_amount", "100.10");

    assertThat(
            AlipayRsa2.verify(
                AlipayRsa2.content(params, Set.of("sign", "sign_type")),
                params.get("sign"),
                publicKey(NOTIFY_ALIPAY_PUBLIC_KEY)))
        .isFalse();
  }

  // --- answers: the sign covers the exact characters of the <method>_response object

  /**
   * alipay/alipay-sdk-nodejs test/alipay.test.js, checkResponseSign "normal": Alipay's answer to
   * alipay.offline.material.image.upload. The signed text is the object as sent, {@code \/} escapes
   * included, which is why AlipayGateway signs the very characters it writes.
   */
  @Test
  void alipaysSignedAnswerVerifiesOverTheExactObjectText() throws Exception {
    String object =
        "{\"code\":\"10000\",\"msg\":\"Success\",\"image_id\":\"akGwYYaFTai3r1uB0ww-1QAAACMAAQQD\","
            + "\"image_url\":\"https:\\/\\/oalipay-dl-django.alicdn.com\\/rest\\/1.0\\/image"
            + "?fileIds=akGwYYaFTai3r1uB0ww-1QAAACMAAQQD&zoom=original\"}";
    String sign =
        "PAb3IueJzGe/pU/fRAPjwIs543Kc/A6D0rz03AMejwr8h8rDc6FhDJDnz3fGLDdQP7ctjtQwwJW3pmdZZcGmp4lb/5YYgtoK6McjnRr4ER/raJLYn1IbpzkowhGow2esA/XeDblIAYUbZjU6ts0IqNncrZrCknDWHpaZXwGuaU7CUBk74xBeMeja7rEEkFlm9MRtiQNYnum/cGVtcDv/aQ8KkPyAD58oJiAzoXv0R6jFhlZtAWv+M0SaOlhTpZh1K6wlP+1Umiqdvqbc1oWdfpv75a+lGTkGHMy8K7/bnAGm20IRsisSv1B5rpJyeGfrVf6tb4MZ7vG4w0rS0c2hfA==";
    PublicKey alipayKey = publicKey(RESPONSE_ALIPAY_PUBLIC_KEY);

    assertThat(AlipayRsa2.verify(object, sign, alipayKey)).isTrue();
    // the same JSON re-serialized without the escapes is other text: the sign no longer fits
    assertThat(AlipayRsa2.verify(object.replace("\\/", "/"), sign, alipayKey)).isFalse();
  }

  // --- signing: a known key gives exactly the known signature

  @Test
  void signsThePublishedTextToThePublishedSignature() throws Exception {
    PrivateKey key = privateKey(PUBLISHED_TEST_PRIVATE_KEY);

    assertThat(AlipayRsa2.sign("source", key)).isEqualTo(PUBLISHED_SIGNATURE_OF_SOURCE);
    assertThat(AlipayRsa2.verify("source", PUBLISHED_SIGNATURE_OF_SOURCE, publicHalf(key)))
        .isTrue();
  }

  @Test
  void aSignatureThatIsNotBase64DoesNotVerify() throws Exception {
    assertThat(
            AlipayRsa2.verify(
                "source", "not base64!", publicHalf(privateKey(PUBLISHED_TEST_PRIVATE_KEY))))
        .isFalse();
  }

  private static PublicKey certificateKey(String base64) throws Exception {
    return CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getMimeDecoder().decode(base64)))
        .getPublicKey();
  }

  private static PublicKey publicKey(String base64) throws Exception {
    return KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
  }

  private static PrivateKey privateKey(String base64) throws Exception {
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
  }

  private static PublicKey publicHalf(PrivateKey key) throws Exception {
    RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
    BigInteger modulus = rsa.getModulus();
    return KeyFactory.getInstance("RSA")
        .generatePublic(new RSAPublicKeySpec(modulus, rsa.getPublicExponent()));
  }
}
