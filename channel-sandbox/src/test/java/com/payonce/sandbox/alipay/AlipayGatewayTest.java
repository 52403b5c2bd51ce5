package com.payonce.sandbox.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.sandbox.SandboxApplication;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.SandboxKeys;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The simulator's gateway.do over raw HTTP, signed by hand with the JDK. */
class AlipayGatewayTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Pattern SIGNED =
      Pattern.compile("^\\{\"alipay_trade_query_response\":(\\{.*\\}),\"sign\":\"([^\"]+)\"\\}$");

  @TempDir static Path keysDir;
  private static ConfigurableApplicationContext sandbox;
  private static String gateway;
  private static ChannelKeys keys;

  @BeforeAll
  static void start() {
    sandbox =
        new SpringApplicationBuilder(SandboxApplication.class)
            .properties(
                "spring.config.name=alipay-gateway-test",
                "server.port=0",
                "payonce.sandbox.keys-dir=" + keysDir,
                "payonce.sandbox.channels.alipay.protocol=alipay")
            .run();
    gateway =
        "http://localhost:"
            + sandbox.getEnvironment().getProperty("local.server.port")
            + "/sandbox/alipay/gateway.do";
    keys = SandboxKeys.loadOrCreate(keysDir, "alipay");
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void anUnsignedRequestIsRefused() throws Exception {
    Map<String, String> params = query(keys.merchantId());
    String body = post(params);
    assertThat(body)
        .contains("\"code\":\"40001\"")
        .contains("\"sub_code\":\"isv.missing-signature\"");
    assertSignedByAlipay(body);
  }

  @Test
  void aRequestSignedWithAnotherKeyIsRefusedWithInvalidSignature() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    Map<String, String> params = query(keys.merchantId());
    params.put("sign", sign(content(params), generator.generateKeyPair().getPrivate()));
    String body = post(params);
    assertThat(body)
        .contains("\"code\":\"40002\"")
        .contains("\"sub_code\":\"isv.invalid-signature\"");
    assertSignedByAlipay(body);
  }

  @Test
  void aTamperedParameterBreaksTheSignature() throws Exception {
    Map<String, String> params = query(keys.merchantId());
    params.put("sign", sign(content(params), keys.merchant().getPrivate()));
    params.put("biz_content", "{\"out_trade_no\":\"someone-else\"}");
    assertThat(post(params)).contains("isv.invalid-signature");
  }

  @Test
  void anotherAppIdIsRefused() throws Exception {
    Map<String, String> params = query("2021000000000000");
    params.put("sign", sign(content(params), keys.merchant().getPrivate()));
    assertThat(post(params)).contains("\"sub_code\":\"isv.invalid-app-id\"");
  }

  @Test
  void aSignedRequestIsAnsweredAndTheAnswerVerifies() throws Exception {
    Map<String, String> params = query(keys.merchantId());
    params.put("sign", sign(content(params), keys.merchant().getPrivate()));
    String body = post(params);
    assertThat(body)
        .contains("\"code\":\"40004\"")
        .contains("\"sub_code\":\"ACQ.TRADE_NOT_EXIST\"");
    assertSignedByAlipay(body);
  }

  private static void assertSignedByAlipay(String body) throws Exception {
    Matcher matcher = SIGNED.matcher(body);
    assertThat(matcher.matches()).as(body).isTrue();
    assertThat(verify(matcher.group(1), matcher.group(2), keys.platform().getPublic())).isTrue();
    assertThat(verify(matcher.group(1) + " ", matcher.group(2), keys.platform().getPublic()))
        .isFalse();
  }

  private static Map<String, String> query(String appId) {
    Map<String, String> params = new TreeMap<>();
    params.put("app_id", appId);
    params.put("method", "alipay.trade.query");
    params.put("format", "JSON");
    params.put("charset", "utf-8");
    params.put("sign_type", "RSA2");
    params.put("timestamp", "2026-01-02 03:04:05");
    params.put("version", "1.0");
    params.put("biz_content", "{\"out_trade_no\":\"0123456789abcdef0123456789abcdef\"}");
    return params;
  }

  /** Every parameter but sign, sorted, joined as k=v with &, as Alipay signs requests. */
  private static String content(Map<String, String> params) {
    return new TreeMap<>(params)
        .entrySet().stream()
            .filter(e -> !e.getKey().equals("sign"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
  }

  private static String post(Map<String, String> params) throws Exception {
    String form =
        params.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(gateway))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(answer.statusCode()).isEqualTo(200);
    return answer.body();
  }

  private static String sign(String content, PrivateKey key) throws Exception {
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(content.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  private static boolean verify(String content, String sign, PublicKey key) throws Exception {
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update(content.getBytes(StandardCharsets.UTF_8));
    return verifier.verify(Base64.getDecoder().decode(sign));
  }
}
