package com.payonce.activities.channel.wechat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.channel.WebhookRejected;
import com.payonce.activities.channel.WebhookRejected.Reason;
import com.payonce.sandbox.SandboxApplication;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.SandboxKeys;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

/**
 * The adapter through the official SDK against the in-process simulator speaking WeChat Pay API v3
 * over real HTTP, notifications included (received by a real HTTP server).
 */
class WechatPayChannelTest {

  private static final Money AMOUNT = new Money(9990, "CNY");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Path keysDir;
  private static ConfigurableApplicationContext sandbox;
  private static String base;
  private static ChannelKeys keys;
  private static Receiver receiver;
  private static WechatPayChannel channel;

  @BeforeAll
  static void startSandbox() throws IOException {
    keysDir = Files.createTempDirectory("wechat-keys");
    sandbox =
        new SpringApplicationBuilder(SandboxApplication.class)
            .properties(
                // not sandbox.yaml: it still configures an alipay channel, not this test's
                "spring.config.name=wechat-channel-test",
                "server.port=0",
                "payonce.sandbox.keys-dir=" + keysDir,
                "payonce.sandbox.channels.wechat.protocol=wechat",
                "payonce.sandbox.webhook-initial-backoff=100ms")
            .run();
    base = "http://127.0.0.1:" + sandbox.getEnvironment().getProperty("local.server.port");
    keys = SandboxKeys.loadOrCreate(keysDir, "wechat");
    receiver = new Receiver();
    channel = channel("native", keys, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stop() {
    receiver.close();
    sandbox.close();
  }

  @BeforeEach
  void reset() throws Exception {
    control("DELETE", "/settings", null);
    control("DELETE", "/faults", null);
    receiver.received.clear();
    receiver.status = 204;
  }

  private static WechatPayChannel channel(String product, ChannelKeys with, Duration readTimeout) {
    return channel(product, with, readTimeout, () -> base + "/sandbox/wechat");
  }

  private static WechatPayChannel channel(
      String product, ChannelKeys with, Duration readTimeout, Supplier<String> baseUrl) {
    return new WechatPayChannel(
        new WechatPaySettings(
            "wechat",
            baseUrl,
            keys.appId(),
            keys.merchantId(),
            keys.merchantSerialNo(),
            SandboxKeys.pem(keys.merchant().getPrivate()),
            SandboxKeys.pem(with.platform().getPublic()),
            keys.platformKeyId(),
            keys.apiV3Key(),
            product,
            () -> receiver.url(),
            Duration.ofSeconds(2),
            readTimeout,
            Duration.ofMinutes(5)));
  }

  // --- the happy path ---------------------------------------------------------------------------

  @Test
  void createPayQueryAndTheNotificationOfThePayment() throws Exception {
    String attempt = attemptId();
    ChannelOrder order = channel.create(create(attempt));
    assertThat(order.channelOrderId()).isEqualTo(attempt);
    assertThat(order.payUrl()).isEqualTo(base + "/sandbox/wechat/v1/orders/" + attempt + "/pay");
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);

    post(order.payUrl(), null);

    ChannelPayment paid = channel.query(attempt);
    assertThat(paid).isEqualTo(new ChannelPayment(ChannelPayment.Status.PAID, AMOUNT, 0));
    Received notification = receiver.await(1);
    assertThat(notification.headers.getFirst("Wechatpay-Serial")).isEqualTo(keys.platformKeyId());
    WebhookEvent event = channel.verifyWebhook(notification.headers, notification.body);
    assertThat(event.type()).isEqualTo(WebhookEvent.Type.PAYMENT_SUCCEEDED);
    assertThat(event.attemptId()).isEqualTo(attempt);
    assertThat(event.eventId()).isNotBlank().hasSizeLessThanOrEqualTo(128);
    assertThat(channel.acknowledgement().getStatusCode().value()).isEqualTo(204);
    assertThat(channel.acknowledgement().getBody()).isNull();
  }

  /** What the cashier page shows: a QR code for native, a link for h5. */
  @Test
  void nativeIsPaidByQrCode_h5ByRedirect() {
    assertThat(channel("native", keys, Duration.ofSeconds(10)).paysByQrCode()).isTrue();
    assertThat(channel("h5", keys, Duration.ofSeconds(10)).paysByQrCode()).isFalse();
  }

  @Test
  void h5AnswersARedirectToTheCashier() throws Exception {
    String attempt = attemptId();
    ChannelOrder order = channel("h5", keys, Duration.ofSeconds(10)).create(create(attempt));
    assertThat(order.payUrl()).endsWith("/sandbox/wechat/v1/orders/" + attempt + "/pay");
  }

  @Test
  void aRepeatedCreateFindsTheSameOrder() {
    String attempt = attemptId();
    ChannelOrder first = channel.create(create(attempt));
    assertThat(channel.create(create(attempt))).isEqualTo(first);
  }

  @Test
  void anOrderNeverCreatedIsNotFoundAndClosesAsClosed() {
    String attempt = attemptId();
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.NOT_FOUND);
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CLOSED);
  }

  @Test
  void aCurrencyOtherThanCnyIsRefusedBeforeAnyCall() {
    Throwable thrown =
        catchThrowable(
            () ->
                channel.create(
                    new CreatePayment(
                        "wechat", attemptId(), "ord", new Money(100, "USD"), "tea", expiry())));
    assertThat(thrown).isInstanceOf(ChannelRefusal.class);
  }

  // --- close ------------------------------------------------------------------------------------

  @Test
  void closeClosesAndAPaidOrderIsAlreadyPaid() throws Exception {
    String open = attemptId();
    channel.create(create(open));
    assertThat(channel.close(open)).isEqualTo(CloseResult.CLOSED);
    assertThat(channel.query(open).status()).isEqualTo(ChannelPayment.Status.CLOSED);

    String paid = attemptId();
    post(channel.create(create(paid)).payUrl(), null);
    assertThat(channel.close(paid)).isEqualTo(CloseResult.ALREADY_PAID);
  }

  /**
   * The quirk: v3 close answers 202 USER_PAYING while the customer pays, a 2xx the SDK's closeOrder
   * would take for done.
   */
  @Test
  void scannedIsUserPayingAndItsCloseIsCustomerPaying() throws Exception {
    String attempt = attemptId();
    channel.create(create(attempt));
    control("POST", "/orders/" + attempt + "/scan", null);

    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CUSTOMER_PAYING);
    assertThat(faults()).containsEntry("closeUserPaying", 1L);
  }

  @Test
  void closeRefusedIsCustomerPaying() throws Exception {
    String attempt = attemptId();
    channel.create(create(attempt));
    settings("{\"closeRefusedRate\":1}");
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CUSTOMER_PAYING);
    assertThat(faults()).containsEntry("closeRefused", 1L);
  }

  @Test
  void aCloseNotHonoredLeavesTheOrderPayable() throws Exception {
    String attempt = attemptId();
    String payUrl = channel.create(create(attempt)).payUrl();
    settings("{\"closeHonored\":false}");
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CLOSED);
    post(payUrl, null);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.PAID);
    assertThat(faults()).containsEntry("closeNotHonored", 1L);
  }

  @Test
  void aCloseTimeoutIsAnExceptionButTheOrderIsClosed() throws Exception {
    String attempt = attemptId();
    channel.create(create(attempt));
    settings("{\"closeTimeoutRate\":1,\"timeoutMs\":1500}");
    Throwable thrown =
        catchThrowable(() -> channel("native", keys, Duration.ofMillis(300)).close(attempt));
    assertThat(thrown).isNotNull().isNotInstanceOf(ChannelRefusal.class);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.CLOSED);
  }

  // --- create faults ----------------------------------------------------------------------------

  @Test
  void aCreateErrorIsRetriedNotRefused() throws Exception {
    settings("{\"createErrorRate\":1}");
    Throwable thrown = catchThrowable(() -> channel.create(create(attemptId())));
    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SYSTEM_ERROR");
    assertThat(faults()).containsEntry("createError", 1L);
  }

  @Test
  void aCreateTimeoutAfterCommitCreatedTheOrderARetryFinds() throws Exception {
    String attempt = attemptId();
    settings("{\"createTimeoutAfterCommitRate\":1,\"timeoutMs\":1500}");
    Throwable thrown =
        catchThrowable(
            () -> channel("native", keys, Duration.ofMillis(300)).create(create(attempt)));
    assertThat(thrown).isNotNull().isNotInstanceOf(ChannelRefusal.class);
    control("DELETE", "/settings", null);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);
    assertThat(channel.create(create(attempt)).channelOrderId()).isEqualTo(attempt);
  }

  @Test
  void createLatencyOnlySlowsTheAnswer() throws Exception {
    settings("{\"createLatencyMs\":300}");
    assertThat(channel.create(create(attemptId())).payUrl()).isNotBlank();
    assertThat(faults()).containsEntry("createLatency", 1L);
  }

  // --- query quirks -----------------------------------------------------------------------------

  @Test
  void aLaggingQueryStillSaysWaitPayThenPaid() throws Exception {
    String attempt = attemptId();
    String payUrl = channel.create(create(attempt)).payUrl();
    settings("{\"queryLagMs\":1500}");
    post(payUrl, null);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);
    eventually(() -> channel.query(attempt).status() == ChannelPayment.Status.PAID);
    assertThat(faults()).containsKey("queryLag");
  }

  @Test
  void aTamperedCaptureIsReportedAsCaptured() throws Exception {
    String attempt = attemptId();
    String payUrl = channel.create(create(attempt)).payUrl();
    settings("{\"amountTamperRate\":1}");
    post(payUrl, null);
    assertThat(channel.query(attempt).paid()).isEqualTo(new Money(9989, "CNY"));
  }

  @Test
  void aCaptureBeyondWhatPayonceCanHoldIsForAnOperator() throws Exception {
    String attempt = attemptId();
    post(channel.create(create(attempt)).payUrl(), "{\"amount\":\"99999999999.00\"}");
    Throwable thrown = catchThrowable(() -> channel.query(attempt));
    assertThat(thrown).isInstanceOf(ChannelRefusal.class).hasMessageContaining("operator");
    assertThat(((ChannelRefusal) thrown).type()).isEqualTo(ChannelFailure.CHANNEL_REJECTED);
  }

  // --- refunds ----------------------------------------------------------------------------------

  @Test
  void aRefundSucceedsAtOnceAndTheTradeReadsRefund() throws Exception {
    String attempt = paidAttempt();
    RefundPayment refund = refund(attempt, AMOUNT);
    assertThat(channel.refund(refund)).isEqualTo(ChannelRefundStatus.SUCCEEDED);
    assertThat(channel.refund(refund)).as("a repeat").isEqualTo(ChannelRefundStatus.SUCCEEDED);
    assertThat(channel.queryRefund(attempt, refund.refundNo()))
        .isEqualTo(ChannelRefundStatus.SUCCEEDED);
    assertThat(channel.query(attempt))
        .isEqualTo(new ChannelPayment(ChannelPayment.Status.PAID, AMOUNT, AMOUNT.minor()));
  }

  @Test
  void aRefundOfMoreThanCapturedIsRefusedAndAnUnknownRefundNotFound() throws Exception {
    String attempt = paidAttempt();
    Throwable thrown =
        catchThrowable(() -> channel.refund(refund(attempt, new Money(9991, "CNY"))));
    assertThat(thrown).isInstanceOf(ChannelRefusal.class);
    assertThat(((ChannelRefusal) thrown).type()).isEqualTo(ChannelFailure.REFUND_REJECTED);
    assertThat(channel.queryRefund(attempt, hex())).isEqualTo(ChannelRefundStatus.NOT_FOUND);
  }

  /** The quirk: WeChat Pay refunds are asynchronous, announced by REFUND.SUCCESS. */
  @Test
  void anAsynchronousRefundIsProcessingThenSucceedsWithItsNotification() throws Exception {
    String attempt = paidAttempt();
    receiver.await(1);
    receiver.received.clear();
    settings("{\"refundAsync\":true,\"refundDelayMs\":500}");
    RefundPayment refund = refund(attempt, new Money(1000, "CNY"));

    assertThat(channel.refund(refund)).isEqualTo(ChannelRefundStatus.PROCESSING);
    assertThat(channel.queryRefund(attempt, refund.refundNo()))
        .isEqualTo(ChannelRefundStatus.PROCESSING);
    assertThat(channel.query(attempt).refundedMinor()).as("nothing back yet").isZero();

    Received notification = receiver.await(1);
    assertThat(channel.queryRefund(attempt, refund.refundNo()))
        .isEqualTo(ChannelRefundStatus.SUCCEEDED);
    assertThat(notification.body).contains("REFUND.SUCCESS");
    WebhookEvent event = channel.verifyWebhook(notification.headers, notification.body);
    assertThat(event.type()).isEqualTo(WebhookEvent.Type.REFUND_SUCCEEDED);
    assertThat(event.attemptId()).isEqualTo(attempt);
    assertThat(faults()).containsEntry("refundAsync", 1L);
  }

  @Test
  void aRefundFailureIsRetriedAndTheRetryRefunds() throws Exception {
    String attempt = paidAttempt();
    RefundPayment refund = refund(attempt, AMOUNT);
    settings("{\"refundFailureRate\":1}");
    Throwable thrown = catchThrowable(() -> channel.refund(refund));
    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SYSTEM_ERROR");
    control("DELETE", "/settings", null);
    control("PUT", "/orders/" + attempt + "/faults", "{\"refundFailures\":1}");
    assertThat(catchThrowable(() -> channel.refund(refund)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(channel.refund(refund)).isEqualTo(ChannelRefundStatus.SUCCEEDED);
    assertThat(faults()).containsEntry("refundFailure", 2L);
  }

  @Test
  void aThrottledRefundIsRetried() throws Exception {
    String attempt = paidAttempt();
    settings("{\"refundThrottleRate\":1}");
    Throwable thrown = catchThrowable(() -> channel.refund(refund(attempt, AMOUNT)));
    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("429")
        .hasMessageContaining("FREQUENCY_LIMITED");
    assertThat(faults()).containsEntry("refundThrottled", 1L);
  }

  // --- notification faults ----------------------------------------------------------------------

  @Test
  void duplicatedNotificationsCarryTheSameId() throws Exception {
    settings("{\"webhookDuplicates\":1}");
    paidAttempt();
    List<Received> copies = receiver.awaitAll(2);
    assertThat(channel.verifyWebhook(copies.get(0).headers, copies.get(0).body).eventId())
        .isEqualTo(channel.verifyWebhook(copies.get(1).headers, copies.get(1).body).eventId());
    assertThat(faults()).containsEntry("webhookDuplicated", 1L);
  }

  @Test
  void aNotificationNotAcknowledgedIsSentAgain() throws Exception {
    receiver.status = 500;
    paidAttempt();
    List<Received> attempts = receiver.awaitAll(2);
    assertThat(attempts.get(1).body).isEqualTo(attempts.get(0).body);
  }

  @Test
  void droppedDelayedAndReorderedNotifications() throws Exception {
    settings("{\"webhookDropRate\":1}");
    paidAttempt();
    assertThat(faults()).containsEntry("webhookDropped", 1L);

    settings("{\"webhookDropRate\":0,\"webhookDelayMinMs\":200,\"webhookDelayMaxMs\":200}");
    paidAttempt();
    receiver.await(1);
    assertThat(faults()).containsEntry("webhookDelayed", 1L);

    control("DELETE", "/settings", null);
    receiver.received.clear();
    settings("{\"webhookReorder\":true}");
    String attempt = paidAttempt();
    channel.refund(refund(attempt, AMOUNT));
    List<Received> both = receiver.awaitAll(2);
    assertThat(both.get(0).body).contains("REFUND.SUCCESS");
    assertThat(both.get(1).body).contains("TRANSACTION.SUCCESS");
  }

  // --- what is never trusted --------------------------------------------------------------------

  @Test
  void aNotificationAlteredOrForgedIsRejected() throws Exception {
    paidAttempt();
    Received real = receiver.await(1);
    assertThat(rejection(real.headers, real.body.replace("encrypt-resource", "encrypt-resourcf")))
        .isEqualTo(Reason.BAD_SIGNATURE);
    HttpHeaders noSignature = copy(real.headers);
    noSignature.remove("Wechatpay-Signature");
    assertThat(rejection(noSignature, real.body)).isEqualTo(Reason.BAD_SIGNATURE);
    HttpHeaders otherSerial = copy(real.headers);
    otherSerial.set("Wechatpay-Serial", "PUB_KEY_ID_OTHER");
    assertThat(rejection(otherSerial, real.body)).isEqualTo(Reason.BAD_SIGNATURE);

    var forger = KeyPairGenerator.getInstance("RSA");
    forger.initialize(2048);
    String now = String.valueOf(Instant.now().getEpochSecond());
    assertThat(rejection(signed(forger.generateKeyPair().getPrivate(), now, real.body), real.body))
        .isEqualTo(Reason.BAD_SIGNATURE);
    String stale = String.valueOf(Instant.now().minusSeconds(600).getEpochSecond());
    assertThat(rejection(signed(keys.platform().getPrivate(), stale, real.body), real.body))
        .isEqualTo(Reason.STALE_TIMESTAMP);
    String notJson = "not json";
    assertThat(rejection(signed(keys.platform().getPrivate(), now, notJson), notJson))
        .isEqualTo(Reason.MALFORMED_BODY);
    int at = real.body.indexOf("\"ciphertext\":\"") + "\"ciphertext\":\"".length();
    char flipped = real.body.charAt(at) == 'A' ? 'B' : 'A';
    String otherKeyCiphertext = real.body.substring(0, at) + flipped + real.body.substring(at + 1);
    assertThat(
            rejection(
                signed(keys.platform().getPrivate(), now, otherKeyCiphertext), otherKeyCiphertext))
        .as("signed, but the resource does not decrypt")
        .isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void anAnswerWithABadSignatureIsNotTrusted() throws Exception {
    String attempt = paidAttempt();
    var other = KeyPairGenerator.getInstance("RSA");
    other.initialize(2048);
    ChannelKeys impostor =
        new ChannelKeys(
            keys.merchantId(),
            keys.appId(),
            keys.merchant(),
            keys.merchantSerialNo(),
            other.generateKeyPair(),
            keys.platformKeyId(),
            keys.apiV3Key());
    WechatPayChannel wrongKey = channel("native", impostor, Duration.ofSeconds(10));
    Throwable thrown = catchThrowable(() -> wrongKey.query(attempt));
    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(ChannelRefusal.class)
        .hasMessageContaining("signature does not verify")
        .hasMessageNotContaining("Authorization");
  }

  /** A trade_state payonce does not know (or a misspelt one) is never taken for anything. */
  @Test
  void anUnknownTradeStateIsAnException() throws Exception {
    String attempt = attemptId();
    try (SignedStub stub =
        new SignedStub(
            "{\"mchid\":\""
                + keys.merchantId()
                + "\",\"out_trade_no\":\""
                + attempt
                + "\",\"trade_state\":\"PAIED\",\"amount\":{\"total\":9990,\"currency\":\"CNY\"}}")) {
      WechatPayChannel stubbed = channel("native", keys, Duration.ofSeconds(10), () -> stub.url);
      Throwable thrown = catchThrowable(() -> stubbed.query(attempt));
      assertThat(thrown)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("trade_state");
    }
  }

  /**
   * The SDK checks the signature of a 2xx answer only; an unsigned "no such order" believed would
   * make the order give up on a payment. Signed, the same answer is NOT_FOUND.
   */
  @Test
  void anUnsignedErrorAnswerIsNeverBelieved() throws Exception {
    String attempt = attemptId();
    String notFound = "{\"code\":\"ORDER_NOT_EXIST\",\"message\":\"no such order\"}";
    try (SignedStub unsigned = new SignedStub("404 Not Found", notFound, false);
        SignedStub signed = new SignedStub("404 Not Found", notFound, true)) {
      Throwable thrown =
          catchThrowable(
              () ->
                  channel("native", keys, Duration.ofSeconds(10), () -> unsigned.url)
                      .query(attempt));
      assertThat(thrown)
          .isInstanceOf(IllegalStateException.class)
          .isNotInstanceOf(ChannelRefusal.class);
      assertThat(thrown.getMessage()).doesNotContain("Authorization");
      assertThat(
              channel("native", keys, Duration.ofSeconds(10), () -> signed.url)
                  .query(attempt)
                  .status())
          .isEqualTo(ChannelPayment.Status.NOT_FOUND);
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Reason rejection(HttpHeaders headers, String body) {
    Throwable thrown = catchThrowable(() -> channel.verifyWebhook(headers, body));
    assertThat(thrown).isInstanceOf(WebhookRejected.class);
    return ((WebhookRejected) thrown).reason();
  }

  private static HttpHeaders signed(java.security.PrivateKey key, String timestamp, String body)
      throws Exception {
    String nonce = hex();
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update((timestamp + "\n" + nonce + "\n" + body + "\n").getBytes(UTF_8));
    HttpHeaders headers = new HttpHeaders();
    headers.set("Wechatpay-Timestamp", timestamp);
    headers.set("Wechatpay-Nonce", nonce);
    headers.set("Wechatpay-Signature", Base64.getEncoder().encodeToString(signer.sign()));
    headers.set("Wechatpay-Serial", keys.platformKeyId());
    headers.set("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
    return headers;
  }

  private static HttpHeaders copy(HttpHeaders headers) {
    HttpHeaders copy = new HttpHeaders();
    copy.addAll(headers);
    return copy;
  }

  private static String paidAttempt() throws Exception {
    String attempt = attemptId();
    post(channel.create(create(attempt)).payUrl(), null);
    return attempt;
  }

  private static CreatePayment create(String attempt) {
    return new CreatePayment("wechat", attempt, "ord-" + attempt, AMOUNT, "a pot of tea", expiry());
  }

  private static long expiry() {
    return Instant.now().plusSeconds(900).toEpochMilli();
  }

  private static RefundPayment refund(String attempt, Money amount) {
    return new RefundPayment("wechat", attempt, hex(), amount, "duplicate");
  }

  private static String attemptId() {
    return hex();
  }

  private static String hex() {
    byte[] random = new byte[16];
    ThreadLocalRandom.current().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private static void settings(String json) throws Exception {
    control("PUT", "/settings", json);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> faults() throws Exception {
    String json = control("GET", "/faults", null);
    Map<String, Object> counts =
        new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
    Map<String, Long> longs = new java.util.HashMap<>();
    counts.forEach((k, v) -> longs.put(k, ((Number) v).longValue()));
    return longs;
  }

  private static String control(String method, String path, String json) throws Exception {
    return send(method, base + "/sandbox/wechat/v1" + path, json);
  }

  private static String post(String url, String json) throws Exception {
    return send("POST", url, json);
  }

  private static String send(String method, String url, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(method + " " + url + ": " + answer.body()).isLessThan(300);
    return answer.body();
  }

  private static void eventually(java.util.function.BooleanSupplier condition) {
    await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
  }

  private record Received(HttpHeaders headers, String body) {}

  /** payonce's webhook endpoint as WeChat Pay sees it: answers {@link #status}. */
  private static final class Receiver implements AutoCloseable {
    final List<Received> received = new CopyOnWriteArrayList<>();
    volatile int status = 204;
    private final HttpServer server;

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/webhooks/wechat",
          exchange -> {
            HttpHeaders headers = new HttpHeaders();
            exchange.getRequestHeaders().forEach(headers::addAll);
            received.add(
                new Received(headers, new String(exchange.getRequestBody().readAllBytes(), UTF_8)));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/wechat";
    }

    Received await(int count) throws Exception {
      return awaitAll(count).get(count - 1);
    }

    List<Received> awaitAll(int count) throws Exception {
      eventually(() -> received.size() >= count);
      return List.copyOf(received);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /**
   * A WeChat Pay that answers every request with one status and body, signed or not. A raw socket,
   * because the JDK's HttpServer recases header names and the SDK looks its headers up
   * case-sensitively.
   */
  private static final class SignedStub implements AutoCloseable {
    final String url;
    private final java.net.ServerSocket server;

    SignedStub(String body) throws IOException {
      this("200 OK", body, true);
    }

    SignedStub(String status, String body, boolean signed) throws IOException {
      server = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      url = "http://127.0.0.1:" + server.getLocalPort();
      Thread thread =
          new Thread(
              () -> {
                while (!server.isClosed()) {
                  try (java.net.Socket socket = server.accept()) {
                    answer(socket, status, body, signed);
                  } catch (Exception e) {
                    // closed, or a client that went away
                  }
                }
              },
              "signed-stub");
      thread.setDaemon(true);
      thread.start();
    }

    private static void answer(java.net.Socket socket, String status, String body, boolean signed)
        throws Exception {
      var in =
          new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), UTF_8));
      int length = 0;
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      in.skip(length);
      StringBuilder answer = new StringBuilder("HTTP/1.1 " + status + "\r\n");
      if (signed) {
        signed(keys.platform().getPrivate(), String.valueOf(Instant.now().getEpochSecond()), body)
            .forEach(
                (name, values) ->
                    answer.append(name).append(": ").append(values.get(0)).append("\r\n"));
      }
      byte[] bytes = body.getBytes(UTF_8);
      answer
          .append("Content-Type: application/json\r\n")
          .append("Content-Length: ")
          .append(bytes.length)
          .append("\r\nConnection: close\r\n\r\n");
      socket.getOutputStream().write(answer.toString().getBytes(UTF_8));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
