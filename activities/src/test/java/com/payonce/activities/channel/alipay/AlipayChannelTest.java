package com.payonce.activities.channel.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.channel.WebhookIgnored;
import com.payonce.activities.channel.WebhookRejected;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;

/** AlipayChannel through Alipay's SDK against the simulator's Alipay gateway, over real HTTP. */
class AlipayChannelTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path keysDir;

  private static ConfigurableApplicationContext sandbox;
  private static String base;
  private static HttpServer receiver;
  private static final List<String> notifications = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    sandbox =
        new SpringApplicationBuilder(SandboxApplication.class)
            .properties(
                "spring.config.name=alipay-channel-test",
                "server.port=0",
                "payonce.sandbox.keys-dir=" + keysDir,
                "payonce.sandbox.channels.alipay.protocol=alipay",
                "payonce.sandbox.channels.alipay-page.protocol=alipay",
                "payonce.sandbox.webhook-initial-backoff=50ms",
                "payonce.sandbox.webhook-reorder-max-hold=300ms")
            .run();
    base = "http://localhost:" + sandbox.getEnvironment().getProperty("local.server.port");
    receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    receiver.createContext(
        "/notify",
        exchange -> {
          notifications.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] ok = "success".getBytes(StandardCharsets.US_ASCII);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
    sandbox.close();
  }

  @BeforeEach
  void resetFaults() throws Exception {
    for (String channel : List.of("alipay", "alipay-page")) {
      send("DELETE", "/sandbox/" + channel + "/v1/settings", null);
    }
    notifications.clear();
  }

  // --- happy path and quirks

  @Test
  void precreatePaysRefundsAndNotifies() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 1234));
    assertThat(order.payUrl()).startsWith(base + "/sandbox/alipay/v1/orders/" + attempt + "/pay");
    assertThat(order.channelOrderId()).isEqualTo(attempt);

    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.NOT_FOUND);
    scan("alipay", attempt);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);
    pay(order.payUrl(), null);

    ChannelPayment paid = channel.query(attempt);
    assertThat(paid.status()).isEqualTo(ChannelPayment.Status.PAID);
    assertThat(paid.paid()).isEqualTo(new Money(1234, "CNY"));
    assertThat(paid.refundedMinor()).isZero();
    WebhookEvent payment = channel.verifyWebhook(new HttpHeaders(), awaitNotification(0));
    assertThat(payment)
        .isEqualTo(
            new WebhookEvent(payment.eventId(), WebhookEvent.Type.PAYMENT_SUCCEEDED, attempt));

    String refundNo = newId();
    assertThat(channel.refund(refund(attempt, refundNo, 1234)))
        .isEqualTo(ChannelRefundStatus.SUCCEEDED);
    assertThat(channel.queryRefund(attempt, refundNo)).isEqualTo(ChannelRefundStatus.SUCCEEDED);
    WebhookEvent refunded = channel.verifyWebhook(new HttpHeaders(), awaitNotification(1));
    assertThat(refunded.type()).isEqualTo(WebhookEvent.Type.REFUND_SUCCEEDED);
    assertThat(refunded.attemptId()).isEqualTo(attempt);
    assertThat(refunded.eventId()).isNotEqualTo(payment.eventId());

    // fully refunded, Alipay reads TRADE_CLOSED: still reported as paid, all of it refunded
    ChannelPayment closed = channel.query(attempt);
    assertThat(closed.status()).isEqualTo(ChannelPayment.Status.PAID);
    assertThat(closed.refundedMinor()).isEqualTo(1234);
    assertThat(channel.acknowledgement().getBody()).isEqualTo("success");
  }

  @Test
  void closingAnUnscannedCodeClosesNothingUntilItExpires() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 500));
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CLOSED);
    pay(order.payUrl(), null);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.PAID);
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.ALREADY_PAID);
  }

  @Test
  void theCodeDiesWithItsOrder() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    CreatePayment shortLived =
        new CreatePayment(
            "alipay",
            attempt,
            "order-" + attempt,
            new Money(100, "CNY"),
            "tea",
            Instant.now().plusSeconds(2).toEpochMilli());
    ChannelOrder order = channel.create(shortLived);
    scan("alipay", attempt);
    awaitTrue(() -> queryStatus(channel, attempt) == ChannelPayment.Status.CLOSED);
    assertThat(pay(order.payUrl(), null)).isEqualTo(409);
  }

  @Test
  void aScannedCodeIsBeingPaidAndCannotBeClosed() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    channel.create(payment(attempt, 500));
    scan("alipay", attempt);
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CUSTOMER_PAYING);
    assertThat(faults("alipay")).containsEntry("closeUserPaying", 1);
  }

  /** What the cashier page shows: a QR code for precreate, a link for page and wap. */
  @Test
  void precreateIsPaidByQrCode_pageAndWapByRedirect() {
    assertThat(channel("alipay", "precreate", Duration.ofSeconds(5)).paysByQrCode()).isTrue();
    assertThat(channel("alipay-page", "page", Duration.ofSeconds(5)).paysByQrCode()).isFalse();
    assertThat(channel("alipay-page", "wap", Duration.ofSeconds(5)).paysByQrCode()).isFalse();
  }

  @Test
  void pagePayUrlOpensTheTradeAndLeadsToThePayPage() throws Exception {
    AlipayChannel channel = channel("alipay-page", "page", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 800));
    assertThat(order.payUrl()).startsWith(base + "/sandbox/alipay-page/gateway.do?");
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.NOT_FOUND);
    String payPage = open(order.payUrl());
    assertThat(payPage).isEqualTo(base + "/sandbox/alipay-page/v1/orders/" + attempt + "/pay");
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CLOSED);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.CLOSED);
  }

  @Test
  void wapPayUrlIsSignedForWapPay() throws Exception {
    AlipayChannel channel = channel("alipay-page", "wap", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 800));
    assertThat(order.payUrl()).contains("method=alipay.trade.wap.pay");
    assertThat(open(order.payUrl())).endsWith("/orders/" + attempt + "/pay");
  }

  // --- faults

  @Test
  void createErrorIsRetriedNotRefused() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    settings("alipay", "{\"createErrorRate\":1}");
    assertThatThrownBy(() -> channel.create(payment(newId(), 100)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ACQ.SYSTEM_ERROR");
  }

  @Test
  void createLatencyAndTimeoutAfterCommitAreTimeoutsAndTheRetryFindsTheSameCode() throws Exception {
    AlipayChannel impatient = channel("alipay", "precreate", Duration.ofMillis(400));
    String attempt = newId();
    settings("alipay", "{\"createTimeoutAfterCommitRate\":1,\"timeoutMs\":1500}");
    assertThatThrownBy(() -> impatient.create(payment(attempt, 100)))
        .isNotInstanceOf(ChannelRefusal.class);
    settings("alipay", "{\"createTimeoutAfterCommitRate\":0,\"createLatencyMs\":1500}");
    assertThatThrownBy(() -> impatient.create(payment(attempt, 100)))
        .isNotInstanceOf(ChannelRefusal.class);
    send("DELETE", "/sandbox/alipay/v1/settings", null);
    assertThat(impatient.create(payment(attempt, 100)).payUrl()).contains(attempt);
    assertThat(faults("alipay"))
        .containsEntry("createTimeoutAfterCommit", 1)
        .containsEntry("createLatency", 1);
  }

  @Test
  void closeRefusedIsTheCustomerPaying() throws Exception {
    AlipayChannel channel = channel("alipay-page", "page", Duration.ofSeconds(5));
    String attempt = newId();
    open(channel.create(payment(attempt, 100)).payUrl());
    settings("alipay-page", "{\"closeRefusedRate\":1}");
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CUSTOMER_PAYING);
    assertThat(faults("alipay-page")).containsEntry("closeRefused", 1);
  }

  @Test
  void closeNotHonoredAnswersClosedButTheTradeStaysPayable() throws Exception {
    AlipayChannel channel = channel("alipay-page", "page", Duration.ofSeconds(5));
    String attempt = newId();
    String payPage = open(channel.create(payment(attempt, 100)).payUrl());
    settings("alipay-page", "{\"closeHonored\":false}");
    assertThat(channel.close(attempt)).isEqualTo(CloseResult.CLOSED);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);
    assertThat(pay(payPage, null)).isEqualTo(200);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.PAID);
  }

  @Test
  void closeTimeoutIsAnUnknownOutcome() throws Exception {
    AlipayChannel impatient = channel("alipay-page", "page", Duration.ofMillis(400));
    String attempt = newId();
    open(impatient.create(payment(attempt, 100)).payUrl());
    settings("alipay-page", "{\"closeTimeoutRate\":1,\"timeoutMs\":1500}");
    assertThatThrownBy(() -> impatient.close(attempt)).isNotInstanceOf(ChannelRefusal.class);
    send("DELETE", "/sandbox/alipay-page/v1/settings", null);
    assertThat(impatient.query(attempt).status()).isEqualTo(ChannelPayment.Status.CLOSED);
  }

  @Test
  void queryLagReportsAFreshPaymentUnpaid() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 100));
    settings("alipay", "{\"queryLagMs\":1000}");
    pay(order.payUrl(), null);
    assertThat(channel.query(attempt).status()).isEqualTo(ChannelPayment.Status.WAIT_PAY);
    awaitTrue(() -> queryStatus(channel, attempt) == ChannelPayment.Status.PAID);
  }

  @Test
  void amountTamperIsReportedAsCaptured() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 1000));
    settings("alipay", "{\"amountTamperRate\":1}");
    pay(order.payUrl(), null);
    assertThat(channel.query(attempt).paid()).isEqualTo(new Money(999, "CNY"));
  }

  /**
   * A capture past Alipay's own range (the customer overpaid the largest order, which only a PSP
   * fault allows) is seen as it is and given back whole (found by the fault-proof soak).
   */
  @Test
  void aCaptureAboveTheMaximumIsSeenAndRefundedWhole() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 100_000_000_00L));
    assertThat(pay(order.payUrl(), "100000000.01")).isEqualTo(200);

    ChannelPayment paid = channel.query(attempt);

    assertThat(paid.status()).isEqualTo(ChannelPayment.Status.PAID);
    assertThat(paid.paid().minor()).isEqualTo(100_000_000_01L);
    assertThat(channel.refund(refund(attempt, "auto-" + attempt, 100_000_000_01L)))
        .isEqualTo(ChannelRefundStatus.SUCCEEDED);
  }

  @Test
  void anAmountPayonceCannotHoldIsForAnOperator() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = newId();
    ChannelOrder order = channel.create(payment(attempt, 1000));
    pay(order.payUrl(), "9000000000000000.00"); // above Money.MAX_HELD
    assertThatThrownBy(() -> channel.query(attempt))
        .isInstanceOfSatisfying(
            ChannelRefusal.class,
            e -> assertThat(e.type()).isEqualTo(ChannelFailure.CHANNEL_REJECTED))
        .hasMessageContaining("operator");
  }

  @Test
  void refundFailureAndThrottlingAreRetriedAndRefundNothing() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = paidAttempt(channel, 300);
    String refundNo = newId();
    settings("alipay", "{\"refundFailureRate\":1}");
    assertThatThrownBy(() -> channel.refund(refund(attempt, refundNo, 300)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ACQ.SYSTEM_ERROR");
    settings("alipay", "{\"refundFailureRate\":0,\"refundThrottleRate\":1}");
    assertThatThrownBy(() -> channel.refund(refund(attempt, refundNo, 300)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("20000");
    assertThat(channel.queryRefund(attempt, refundNo)).isEqualTo(ChannelRefundStatus.NOT_FOUND);
    assertThat(faults("alipay"))
        .containsEntry("refundFailure", 1)
        .containsEntry("refundThrottled", 1);
    send("DELETE", "/sandbox/alipay/v1/settings", null);
    assertThat(channel.refund(refund(attempt, refundNo, 300)))
        .isEqualTo(ChannelRefundStatus.SUCCEEDED);
  }

  @Test
  void asyncRefundIsProcessingUntilAlipaySaysRefundSuccess() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = paidAttempt(channel, 300);
    awaitNotification(0);
    String refundNo = "auto-" + newId();
    settings("alipay", "{\"refundAsync\":true,\"refundDelayMs\":800}");
    assertThat(channel.refund(refund(attempt, refundNo, 300)))
        .isEqualTo(ChannelRefundStatus.PROCESSING);
    assertThat(channel.queryRefund(attempt, refundNo)).isEqualTo(ChannelRefundStatus.NOT_FOUND);
    // sent again with the same out_request_no: not made twice, still processing
    assertThat(channel.refund(refund(attempt, refundNo, 300)))
        .isEqualTo(ChannelRefundStatus.PROCESSING);
    awaitTrue(() -> queryRefund(channel, attempt, refundNo) == ChannelRefundStatus.SUCCEEDED);
    assertThat(channel.verifyWebhook(new HttpHeaders(), awaitNotification(1)).type())
        .isEqualTo(WebhookEvent.Type.REFUND_SUCCEEDED);
    assertThat(channel.query(attempt).refundedMinor()).isEqualTo(300);
  }

  @Test
  void refundsAlipayRefusesAreRefusedForGood() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String attempt = paidAttempt(channel, 300);
    assertThatThrownBy(() -> channel.refund(refund(attempt, newId(), 301)))
        .isInstanceOfSatisfying(
            ChannelRefusal.class,
            e -> assertThat(e.type()).isEqualTo(ChannelFailure.REFUND_REJECTED))
        .hasMessageContaining("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL");
    String unpaid = newId();
    channel.create(payment(unpaid, 300));
    assertThatThrownBy(() -> channel.refund(refund(unpaid, newId(), 300)))
        .isInstanceOf(ChannelRefusal.class)
        .hasMessageContaining("ACQ.TRADE_NOT_EXIST");
  }

  @Test
  void webhookDuplicatesCarryOneNotifyIdAndDroppedOnesNeverCome() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    settings(
        "alipay", "{\"webhookDuplicates\":1,\"webhookDelayMinMs\":100,\"webhookDelayMaxMs\":200}");
    String attempt = paidAttempt(channel, 100);
    WebhookEvent first = channel.verifyWebhook(new HttpHeaders(), awaitNotification(0));
    WebhookEvent second = channel.verifyWebhook(new HttpHeaders(), awaitNotification(1));
    assertThat(second).isEqualTo(first);
    assertThat(first.attemptId()).isEqualTo(attempt);
    assertThat(faults("alipay")).containsEntry("webhookDuplicated", 1);
    assertThat(faults("alipay").get("webhookDelayed")).isEqualTo(2);

    settings("alipay", "{\"webhookDropRate\":1}");
    paidAttempt(channel, 100);
    assertThat(faults("alipay")).containsEntry("webhookDropped", 1);
    assertThat(notifications).hasSize(2);
  }

  @Test
  void webhookReorderSendsTheRefundBeforeThePayment() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    settings("alipay", "{\"webhookReorder\":true}");
    String attempt = paidAttempt(channel, 100);
    channel.refund(refund(attempt, newId(), 100));
    WebhookEvent first = channel.verifyWebhook(new HttpHeaders(), awaitNotification(0));
    WebhookEvent second = channel.verifyWebhook(new HttpHeaders(), awaitNotification(1));
    assertThat(first.type()).isEqualTo(WebhookEvent.Type.REFUND_SUCCEEDED);
    assertThat(second.type()).isEqualTo(WebhookEvent.Type.PAYMENT_SUCCEEDED);
    assertThat(faults("alipay")).containsEntry("webhookReordered", 1);
  }

  // --- what is not trusted

  @Test
  void aNotificationForgedWithAnotherKeyIsRejected() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    String genuine = awaitPaymentNotification(channel);
    Map<String, String> params = new TreeMap<>(form(genuine));
    params.remove("sign");
    params.remove("sign_type");
    String content =
        params.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
    params.put("sign_type", "RSA2");
    params.put("sign", sign(content, newKeys().getPrivate()));
    assertThatThrownBy(() -> channel.verifyWebhook(new HttpHeaders(), formBody(params)))
        .isInstanceOfSatisfying(
            WebhookRejected.class,
            e -> assertThat(e.reason()).isEqualTo(WebhookRejected.Reason.BAD_SIGNATURE));
    String tampered = genuine.replace("trade_status=TRADE_SUCCESS", "trade_status=TRADE_FINISHED");
    assertThatThrownBy(() -> channel.verifyWebhook(new HttpHeaders(), tampered))
        .isInstanceOf(WebhookRejected.class);
    assertThatThrownBy(() -> channel.verifyWebhook(new HttpHeaders(), "notify_id=1&out_trade_no=x"))
        .isInstanceOf(WebhookRejected.class);
  }

  /** Alipay would send it again for a day if not acknowledged: taken, and acted on by nobody. */
  @Test
  void aGenuineNotificationOfATradeClosedIsIgnored() throws Exception {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    Map<String, String> params = new TreeMap<>(form(awaitPaymentNotification(channel)));
    params.remove("sign");
    params.remove("sign_type");
    params.put("trade_status", "TRADE_CLOSED");
    String content =
        params.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
    params.put("sign_type", "RSA2");
    params.put("sign", sign(content, keys("alipay").platform().getPrivate()));

    assertThatThrownBy(() -> channel.verifyWebhook(new HttpHeaders(), formBody(params)))
        .isInstanceOf(WebhookIgnored.class)
        .hasMessageContaining("TRADE_CLOSED");
  }

  @Test
  void anAnswerSignedWithAnotherKeyIsNotTrusted() throws Exception {
    PrivateKey impostor = newKeys().getPrivate();
    try (FakeGateway fake =
        new FakeGateway(
            "alipay_trade_query_response",
            "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"x\",\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"1.00\",\"receipt_amount\":\"1.00\"}",
            impostor)) {
      AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5), fake.url());
      assertThatThrownBy(() -> channel.query(newId()))
          .isInstanceOf(IllegalStateException.class)
          .isNotInstanceOf(ChannelRefusal.class);
    }
  }

  /**
   * The SDK checks a signature on an error answer only when one is there: an unsigned "no such
   * trade" or a 10000 with a sub_code must not be believed (the order would give up on a payment).
   */
  @Test
  void anUnsignedAnswerIsNeverBelieved() throws Exception {
    for (String object :
        List.of(
            "{\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.TRADE_NOT_EXIST\","
                + "\"sub_msg\":\"no such trade\"}",
            "{\"code\":\"10000\",\"msg\":\"Success\",\"sub_code\":\"x\",\"out_trade_no\":\"x\","
                + "\"trade_status\":\"TRADE_SUCCESS\",\"total_amount\":\"1.00\"}")) {
      try (FakeGateway fake = new FakeGateway("alipay_trade_query_response", object, null)) {
        AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5), fake.url());
        assertThatThrownBy(() -> channel.query(newId()))
            .as(object)
            .isInstanceOf(IllegalStateException.class)
            .isNotInstanceOf(ChannelRefusal.class);
      }
    }
  }

  @Test
  void anUnknownTradeStatusIsAnUnknownOutcome() throws Exception {
    PrivateKey alipay = keys("alipay").platform().getPrivate();
    try (FakeGateway fake =
        new FakeGateway(
            "alipay_trade_query_response",
            "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"x\",\"trade_status\":\"TRADE_SUCESS\",\"total_amount\":\"1.00\"}",
            alipay)) {
      AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5), fake.url());
      assertThatThrownBy(() -> channel.query(newId()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("TRADE_SUCESS");
    }
  }

  @Test
  void onlyCnyIsTaken() {
    AlipayChannel channel = channel("alipay", "precreate", Duration.ofSeconds(5));
    CreatePayment usd =
        new CreatePayment(
            "alipay",
            newId(),
            "o",
            new Money(100, "USD"),
            "tea",
            Instant.now().plusSeconds(600).toEpochMilli());
    assertThatThrownBy(() -> channel.create(usd)).isInstanceOf(ChannelRefusal.class);
  }

  // --- helpers

  private static AlipayChannel channel(String name, String product, Duration readTimeout) {
    return channel(name, product, readTimeout, base + "/sandbox/" + name + "/gateway.do");
  }

  private static AlipayChannel channel(
      String name, String product, Duration readTimeout, String gatewayUrl) {
    ChannelKeys keys = keys(name);
    return new AlipayChannel(
        new AlipaySettings(
            name,
            () -> gatewayUrl,
            keys.appId(),
            SandboxKeys.pem(keys.merchant().getPrivate()),
            SandboxKeys.pem(keys.platform().getPublic()),
            product,
            null,
            () -> "http://localhost:" + receiver.getAddress().getPort() + "/notify",
            Duration.ofSeconds(2),
            readTimeout));
  }

  private static ChannelKeys keys(String channel) {
    return SandboxKeys.loadOrCreate(keysDir, channel);
  }

  private static String paidAttempt(AlipayChannel channel, long fen) throws Exception {
    String attempt = newId();
    pay(channel.create(payment(attempt, fen)).payUrl(), null);
    return attempt;
  }

  private static String awaitPaymentNotification(AlipayChannel channel) throws Exception {
    paidAttempt(channel, 100);
    return awaitNotification(0);
  }

  private static CreatePayment payment(String attempt, long fen) {
    return new CreatePayment(
        "alipay",
        attempt,
        "order-" + attempt,
        new Money(fen, "CNY"),
        "a pot of tea",
        Instant.now().plusSeconds(900).toEpochMilli());
  }

  private static RefundPayment refund(String attempt, String refundNo, long fen) {
    return new RefundPayment("alipay", attempt, refundNo, new Money(fen, "CNY"), "customer asked");
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static void scan(String channel, String attempt) throws Exception {
    assertThat(send("POST", "/sandbox/" + channel + "/v1/orders/" + attempt + "/scan", null))
        .isEqualTo(200);
  }

  private static int pay(String payUrl, String amount) throws Exception {
    String body = amount == null ? "" : "{\"amount\":\"" + amount + "\"}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(payUrl))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** The customer's browser opens a page or wap pay URL: the gateway redirects to the pay page. */
  private static String open(String url) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
    return answer.headers().firstValue("Location").orElseThrow();
  }

  private static void settings(String channel, String json) throws Exception {
    assertThat(send("PUT", "/sandbox/" + channel + "/v1/settings", json)).isEqualTo(200);
  }

  private static Map<String, Integer> faults(String channel) throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/sandbox/" + channel + "/v1/faults")).build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, Integer> counts = new TreeMap<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"([A-Za-z]+)\"\\s*:\\s*(\\d+)").matcher(answer.body());
    while (m.find()) {
      counts.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return counts;
  }

  private static int send(String method, String path, String json) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static String awaitNotification(int index) {
    awaitTrue(() -> notifications.size() > index);
    return notifications.get(index);
  }

  private static void awaitTrue(BooleanSupplier condition) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
  }

  private static ChannelPayment.Status queryStatus(AlipayChannel channel, String attempt) {
    return channel.query(attempt).status();
  }

  private static ChannelRefundStatus queryRefund(
      AlipayChannel channel, String attempt, String refundNo) {
    return channel.queryRefund(attempt, refundNo);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new TreeMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      params.put(
          java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String formBody(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static String sign(String content, PrivateKey key) throws Exception {
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(content.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }

  private static KeyPair newKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  /** A gateway that answers every call with one response object, signed with the given key. */
  private static final class FakeGateway implements AutoCloseable {
    private final HttpServer server;

    FakeGateway(String root, String object, PrivateKey key) throws Exception {
      // a null key answers unsigned, as a man in the middle would
      String body =
          key == null
              ? "{\"" + root + "\":" + object + "}"
              : "{\"" + root + "\":" + object + ",\"sign\":\"" + sign(object, key) + "\"}";
      server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
      server.createContext(
          "/gateway.do",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://localhost:" + server.getAddress().getPort() + "/gateway.do";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
