package com.payonce.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.payonce.sandbox.SandboxClient.Response;
import com.payonce.sandbox.WebhookReceiver.Delivery;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Every injected fault over real HTTP: turned on through {@code PUT /settings} (rate 1.0 where
 * there is a rate), its observable effect, and the ledger's truth. Timeouts and delays are short.
 */
@SpringBootTest(
    classes = SandboxApplication.class,
    webEnvironment = RANDOM_PORT,
    properties = {
      "payonce.sandbox.channels.alipay.webhook-secret=faults-alipay-secret",
      "payonce.sandbox.channels.wechat.webhook-secret=faults-wechat-secret",
      "payonce.sandbox.webhook-initial-backoff=20ms",
      "payonce.sandbox.webhook-max-attempts=4",
      "payonce.sandbox.webhook-reorder-max-hold=1s"
    })
class SandboxFaultsTest {

  /** Every settings field, as GET /settings answers them. */
  private static final Set<String> SETTINGS_FIELDS =
      Set.of(
          "closeHonored",
          "closeRefusedRate",
          "closeTimeoutRate",
          "createErrorRate",
          "createLatencyMs",
          "createTimeoutAfterCommitRate",
          "queryLagMs",
          "amountTamperRate",
          "refundAsync",
          "refundDelayMs",
          "refundFailureRate",
          "refundThrottleRate",
          "webhookDuplicates",
          "webhookDelayMinMs",
          "webhookDelayMaxMs",
          "webhookDropRate",
          "webhookReorder",
          "timeoutMs",
          "seed");

  private static final Set<String> FAULT_KINDS =
      Set.of(
          "createError",
          "createLatency",
          "createTimeoutAfterCommit",
          "closeNotHonored",
          "closeRefused",
          "closeUserPaying",
          "closeTimeout",
          "queryLag",
          "amountTamper",
          "refundFailure",
          "refundThrottled",
          "refundAsync",
          "webhookDropped",
          "webhookDuplicated",
          "webhookDelayed",
          "webhookReordered");

  /** A merchant whose read timeout is much shorter than the channel's timeoutMs below. */
  private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(250);

  private static WebhookReceiver receiver;

  @LocalServerPort private int port;

  private SandboxClient alipay;
  private SandboxClient wechat;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @BeforeEach
  void clients() {
    alipay = new SandboxClient(port, "alipay");
    wechat = new SandboxClient(port, "wechat");
  }

  /** The context, and so each channel's settings, is shared by all tests. */
  @AfterEach
  void resetSettings() {
    assertThat(alipay.resetSettings().status()).isEqualTo(200);
    assertThat(wechat.resetSettings().status()).isEqualTo(200);
  }

  private static String newOrderNo() {
    return "mo-" + UUID.randomUUID();
  }

  private static String newInbox() {
    return "hooks-" + UUID.randomUUID();
  }

  private static void assertError(Response response, int status, String code) {
    assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
    assertThat(response.text("code")).isEqualTo(code);
    assertThat(response.text("message")).isNotBlank();
  }

  private static JsonNode turnOn(SandboxClient channel, String settings) {
    Response changed = channel.changeSettings(settings);
    assertThat(changed.status()).as("settings answer %s", changed.body()).isEqualTo(200);
    return changed.body();
  }

  private static long faultCount(SandboxClient channel, String kind) {
    Response faults = channel.faults();
    assertThat(faults.status()).isEqualTo(200);
    assertThat(faults.body().has(kind)).as("faults has %s", kind).isTrue();
    return faults.body().path(kind).asLong();
  }

  private static JsonNode ledgerLine(SandboxClient channel, String merchantOrderNo) {
    Response ledger = channel.ledger();
    assertThat(ledger.status()).isEqualTo(200);
    List<JsonNode> lines =
        ledger.body().valueStream()
            .filter(line -> merchantOrderNo.equals(line.path("merchantOrderNo").asString()))
            .toList();
    assertThat(lines).hasSizeLessThanOrEqualTo(1);
    return lines.isEmpty() ? null : lines.get(0);
  }

  /** Polls every 20 ms until the answer satisfies the condition, for at most 10 s. */
  private static Response pollUntil(
      String what, Supplier<Response> call, Predicate<Response> done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      Response response = call.get();
      if (done.test(response)) {
        return response;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; last " + response.body());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }

  private static long millisSince(long startNanos, long endNanos) {
    return TimeUnit.NANOSECONDS.toMillis(endNanos - startNanos);
  }

  private static String bodyText(Delivery delivery) {
    return new String(delivery.body(), StandardCharsets.UTF_8);
  }

  @Nested
  class Settings {

    @Test
    void answersEveryFieldWithItsDefault() {
      Response settings = alipay.settings();

      assertThat(settings.status()).isEqualTo(200);
      JsonNode body = settings.body();
      Set<String> fields = new TreeSet<>(body.propertyNames());
      assertThat(fields).isEqualTo(new TreeSet<>(SETTINGS_FIELDS));
      assertThat(body.path("closeHonored").asBoolean()).isTrue();
      assertThat(body.path("webhookReorder").asBoolean()).isFalse();
      assertThat(body.path("refundAsync").asBoolean()).isFalse();
      for (String rate :
          List.of(
              "closeRefusedRate",
              "closeTimeoutRate",
              "createErrorRate",
              "createTimeoutAfterCommitRate",
              "amountTamperRate",
              "refundFailureRate",
              "refundThrottleRate",
              "webhookDropRate")) {
        assertThat(body.path(rate).asDouble()).as(rate).isZero();
      }
      for (String zero :
          List.of(
              "createLatencyMs",
              "queryLagMs",
              "webhookDuplicates",
              "webhookDelayMinMs",
              "webhookDelayMaxMs")) {
        assertThat(body.path(zero).asLong()).as(zero).isZero();
      }
      assertThat(body.path("refundDelayMs").asLong()).isEqualTo(1000);
      assertThat(body.path("timeoutMs").asLong()).isEqualTo(30_000);
      assertThat(body.path("seed").asLong()).isEqualTo(20261126L);
    }

    @Test
    void mergeOnPutAreReadBackAndResetOnDelete() {
      JsonNode defaults = alipay.settings().body();

      turnOn(alipay, SandboxClient.json("webhookDuplicates", 2, "seed", 99));
      JsonNode merged =
          turnOn(alipay, SandboxClient.json("createErrorRate", 0.25, "closeHonored", false));

      assertThat(merged.path("webhookDuplicates").asInt()).isEqualTo(2);
      assertThat(merged.path("seed").asLong()).isEqualTo(99);
      assertThat(merged.path("createErrorRate").asDouble()).isEqualTo(0.25);
      assertThat(merged.path("closeHonored").asBoolean()).isFalse();
      assertThat(merged.path("timeoutMs").asLong()).isEqualTo(30_000);
      assertThat(alipay.settings().body()).isEqualTo(merged);
      assertThat(wechat.settings().body()).isEqualTo(defaults);

      Response reset = alipay.resetSettings();

      assertThat(reset.status()).isEqualTo(200);
      assertThat(reset.body()).isEqualTo(defaults);
      assertThat(alipay.settings().body()).isEqualTo(defaults);
    }

    @Test
    void invalidSettingsAreRefusedAndChangeNothing() {
      JsonNode before =
          turnOn(alipay, SandboxClient.json("createErrorRate", 0.5, "webhookDelayMaxMs", 100));

      for (String invalid :
          List.of(
              "{\"createErrorRate\":1.5}",
              "{\"webhookDropRate\":-0.1}",
              "{\"closeRefusedRate\":\"NaN\"}",
              "{\"amountTamperRate\":2}",
              "{\"webhookDelayMinMs\":500}",
              "{\"webhookDelayMinMs\":500,\"webhookDelayMaxMs\":100}",
              "{\"timeoutMs\":-1}",
              "{\"createLatencyMs\":-5}",
              "{\"refundDelayMs\":-1}",
              "{\"queryLagMs\":-1}",
              "{\"webhookDuplicates\":-1}",
              "{\"webhookDuplicates\":1.5}",
              "{\"createErrorRate\":0.1,\"timeoutMs\":-1}",
              "{\"closeHonored\":\"maybe\"}",
              "{\"webhookDropRat\":0.5}",
              "[]")) {
        assertError(alipay.changeSettings(invalid), 400, "INVALID_REQUEST");
      }
      assertThat(alipay.settings().body()).isEqualTo(before);
    }
  }

  @Nested
  class CreateFaults {

    @Test
    void createErrorAnswers503AndCreatesNothing() {
      long before = faultCount(alipay, "createError");
      turnOn(alipay, SandboxClient.json("createErrorRate", 1.0));
      String no = newOrderNo();

      assertError(alipay.create(no, "10.00", "CNY"), 503, "SYSTEM_ERROR");
      assertError(alipay.get(no), 404, "ORDER_NOT_FOUND");
      assertError(alipay.pay(no), 404, "ORDER_NOT_FOUND");
      assertThat(ledgerLine(alipay, no)).isNull();
      assertThat(faultCount(alipay, "createError")).isEqualTo(before + 1);

      alipay.resetSettings();
      assertThat(alipay.create(no, "10.00", "CNY").status()).isEqualTo(200);
    }

    @Test
    void createLatencySlowsTheAnswer() {
      turnOn(alipay, SandboxClient.json("createLatencyMs", 400));
      String no = newOrderNo();
      long start = System.nanoTime();

      Response created = alipay.create(no, "10.00", "CNY");

      assertThat(millisSince(start, System.nanoTime())).isGreaterThanOrEqualTo(400);
      assertThat(created.status()).isEqualTo(200);
      assertThat(created.text("status")).isEqualTo("WAIT_PAY");
    }

    @Test
    void createTimeoutAfterCommitCreatesThenAnswersTooLate() {
      turnOn(alipay, SandboxClient.json("createTimeoutAfterCommitRate", 1.0, "timeoutMs", 1500));
      String no = newOrderNo();
      String request =
          SandboxClient.json("merchantOrderNo", no, "amount", "10.00", "currency", "CNY");

      assertThatThrownBy(() -> alipay.sendWithin(SHORT_READ_TIMEOUT, "POST", "/orders", request))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(HttpTimeoutException.class);

      // The caller gave up, but the order exists: a retry of the create returns the same order.
      Response found = pollUntil("the order", () -> alipay.get(no), r -> r.status() == 200);
      assertThat(found.text("status")).isEqualTo("WAIT_PAY");
      alipay.resetSettings();
      Response retried = alipay.create(no, "10.00", "CNY");
      assertThat(retried.status()).isEqualTo(200);
      assertThat(retried.text("channelOrderId")).isEqualTo(found.text("channelOrderId"));
      assertThat(faultCount(alipay, "createTimeoutAfterCommit")).isPositive();
    }
  }

  @Nested
  class CloseFaults {

    @Test
    void closeTimeoutClosesButAnswersTooLate() {
      turnOn(alipay, SandboxClient.json("closeTimeoutRate", 1.0, "timeoutMs", 1000));
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");

      assertThatThrownBy(
              () -> alipay.sendWithin(SHORT_READ_TIMEOUT, "POST", "/orders/" + no + "/close", null))
          .hasCauseInstanceOf(HttpTimeoutException.class);

      pollUntil("the close", () -> alipay.get(no), r -> "CLOSED".equals(r.text("status")));
      assertError(alipay.pay(no), 409, "ORDER_CLOSED");
      assertThat(ledgerLine(alipay, no)).isNull();
      assertThat(faultCount(alipay, "closeTimeout")).isPositive();
    }

    @Test
    void closeTimeoutOfAChannelThatDoesNotHonorClosesLeavesTheOrderPayable() {
      turnOn(
          alipay,
          SandboxClient.json(
              "closeTimeoutRate", 1.0, "timeoutMs", 1000, "closeHonored", false));
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");
      long notHonoredBefore = faultCount(alipay, "closeNotHonored");

      assertThatThrownBy(
              () -> alipay.sendWithin(SHORT_READ_TIMEOUT, "POST", "/orders/" + no + "/close", null))
          .hasCauseInstanceOf(HttpTimeoutException.class);

      pollUntil(
          "the close to be done",
          () -> alipay.faults(),
          r -> r.body().path("closeNotHonored").asLong() > notHonoredBefore);
      assertThat(alipay.get(no).text("status")).isEqualTo("WAIT_PAY");
      assertThat(alipay.pay(no).text("status")).isEqualTo("PAID");
      assertThat(ledgerLine(alipay, no).path("captured").asString()).isEqualTo("10.00");
    }

    @Test
    void aScannedOrderRefusesToCloseUntilPaid() {
      long before = faultCount(alipay, "closeUserPaying");
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");

      Response scanned = alipay.scan(no);

      assertThat(scanned.status()).isEqualTo(200);
      assertThat(scanned.text("status")).isEqualTo("WAIT_PAY");
      assertThat(alipay.get(no).text("status")).isEqualTo("WAIT_PAY");
      assertError(alipay.close(no), 409, "USER_PAYING");
      assertError(alipay.close(no), 409, "USER_PAYING");
      assertThat(alipay.get(no).text("status")).isEqualTo("WAIT_PAY");
      assertThat(faultCount(alipay, "closeUserPaying")).isEqualTo(before + 2);

      assertThat(alipay.pay(no).text("status")).isEqualTo("PAID");
      // the flag is gone: close now tells the truth
      assertError(alipay.close(no), 409, "ORDER_PAID");
      assertThat(ledgerLine(alipay, no).path("captured").asString()).isEqualTo("10.00");
    }

    @Test
    void onlyAnOpenOrderCanBeScanned() {
      String closed = newOrderNo();
      alipay.create(closed, "10.00", "CNY");
      alipay.close(closed);
      String paid = newOrderNo();
      alipay.create(paid, "10.00", "CNY");
      alipay.pay(paid);

      assertError(alipay.scan(closed), 409, "ORDER_CLOSED");
      assertError(alipay.scan(paid), 409, "ORDER_PAID");
      assertError(alipay.scan(newOrderNo()), 404, "ORDER_NOT_FOUND");
    }

    @Test
    void closeRefusedAnswersUserPayingAndDoesNotClose() {
      long before = faultCount(alipay, "closeRefused");
      turnOn(alipay, SandboxClient.json("closeRefusedRate", 1.0));
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");
      String paid = newOrderNo();
      alipay.create(paid, "10.00", "CNY");
      alipay.pay(paid);

      assertError(alipay.close(no), 409, "USER_PAYING");
      assertThat(alipay.get(no).text("status")).isEqualTo("WAIT_PAY");
      // a paid order is still refused with the truth
      assertError(alipay.close(paid), 409, "ORDER_PAID");
      assertThat(faultCount(alipay, "closeRefused")).isEqualTo(before + 1);

      alipay.resetSettings();
      assertThat(alipay.close(no).text("status")).isEqualTo("CLOSED");
      assertThat(alipay.get(no).text("status")).isEqualTo("CLOSED");
      assertThat(ledgerLine(alipay, no)).isNull();
    }
  }

  @Nested
  class QueryFaults {

    @Test
    void queryLagReportsAPaidOrderUnpaidForAWhile() {
      turnOn(alipay, SandboxClient.json("queryLagMs", 800));
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");

      Response paid = alipay.pay(no);

      assertThat(paid.text("status")).isEqualTo("PAID");
      Instant paidAt = Instant.parse(paid.text("paidAt"));
      Response lagging = alipay.get(no);
      assertThat(lagging.text("status")).isEqualTo("WAIT_PAY");
      assertThat(lagging.text("paidAmount")).isEqualTo("0.00");
      assertThat(lagging.body().has("paidAt")).isFalse();
      // close and the ledger know the truth
      assertError(alipay.close(no), 409, "ORDER_PAID");
      assertThat(ledgerLine(alipay, no).path("captured").asString()).isEqualTo("10.00");
      assertThat(faultCount(alipay, "queryLag")).isPositive();

      Response caughtUp =
          pollUntil("PAID", () -> alipay.get(no), r -> "PAID".equals(r.text("status")));
      assertThat(Instant.now()).isAfterOrEqualTo(paidAt.plusMillis(800));
      assertThat(caughtUp.text("paidAmount")).isEqualTo("10.00");
      assertThat(caughtUp.text("paidAt")).isEqualTo(paid.text("paidAt"));
    }
  }

  @Nested
  class PayFaults {

    @Test
    void amountTamperCapturesOneMinorUnitLessEverywhere() {
      long before = faultCount(alipay, "amountTamper");
      turnOn(alipay, SandboxClient.json("amountTamperRate", 1.0));
      String no = newOrderNo();
      String inbox = newInbox();
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));

      Response paid = alipay.pay(no);

      assertThat(paid.text("amount")).isEqualTo("99.90");
      assertThat(paid.text("paidAmount")).isEqualTo("99.89");
      assertThat(alipay.get(no).text("paidAmount")).isEqualTo("99.89");
      assertThat(receiver.awaitDeliveries(inbox, 1).get(0).text("amount")).isEqualTo("99.89");
      assertThat(ledgerLine(alipay, no).path("captured").asString()).isEqualTo("99.89");
      assertThat(faultCount(alipay, "amountTamper")).isEqualTo(before + 1);
    }

    @Test
    void amountTamperOfOneMinorUnitCapturesOneMore() {
      turnOn(alipay, SandboxClient.json("amountTamperRate", 1.0));
      String no = newOrderNo();
      alipay.create(no, "0.01", "CNY");

      assertThat(alipay.pay(no).text("paidAmount")).isEqualTo("0.02");
      assertThat(ledgerLine(alipay, no).path("captured").asString()).isEqualTo("0.02");
    }
  }

  @Nested
  class RefundFaults {

    @ParameterizedTest
    @CsvSource({
      "refundFailureRate,  refundFailure,   500, SYSTEM_ERROR",
      "refundThrottleRate, refundThrottled, 429, TOO_MANY_REQUESTS"
    })
    void aFailedOrThrottledRefundRefundsNothingUntilRetried(
        String setting, String fault, int status, String code) {
      long before = faultCount(alipay, fault);
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");
      alipay.pay(no);
      turnOn(alipay, SandboxClient.json(setting, 1.0));

      assertError(alipay.refund(no, "r1", "30.00"), status, code);
      assertThat(alipay.get(no).text("refundedAmount")).isEqualTo("0.00");
      assertError(alipay.getRefund(no, "r1"), 404, "REFUND_NOT_FOUND");
      assertThat(ledgerLine(alipay, no).path("refunded").asString()).isEqualTo("0.00");
      assertThat(faultCount(alipay, fault)).isEqualTo(before + 1);

      alipay.resetSettings();
      Response retried = alipay.refund(no, "r1", "30.00");
      assertThat(retried.status()).isEqualTo(200);
      assertThat(retried.text("status")).isEqualTo("SUCCEEDED");
      assertThat(ledgerLine(alipay, no).path("refunded").asString()).isEqualTo("30.00");
    }

    @Test
    void asyncRefundIsProcessingUntilItSucceedsWithAWebhook() {
      long before = faultCount(alipay, "refundAsync");
      turnOn(alipay, SandboxClient.json("refundAsync", true, "refundDelayMs", 500));
      String no = newOrderNo();
      String inbox = newInbox();
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));
      alipay.pay(no);

      Response accepted = alipay.refund(no, "r1", "30.00");

      assertThat(accepted.status()).isEqualTo(200);
      assertThat(accepted.text("merchantOrderNo")).isEqualTo(no);
      assertThat(accepted.text("refundNo")).isEqualTo("r1");
      assertThat(accepted.text("amount")).isEqualTo("30.00");
      assertThat(accepted.text("status")).isEqualTo("PROCESSING");
      assertThat(accepted.body().has("refundedAt")).isFalse();
      assertThat(alipay.getRefund(no, "r1").body()).isEqualTo(accepted.body());
      assertThat(alipay.refund(no, "r1", "30.00").body()).isEqualTo(accepted.body());
      assertThat(alipay.get(no).text("refundedAmount")).isEqualTo("0.00");
      assertThat(ledgerLine(alipay, no).path("refunded").asString()).isEqualTo("0.00");
      // what is PROCESSING is already spoken for
      assertError(alipay.refund(no, "r2", "69.91"), 409, "REFUND_EXCEEDS_CAPTURED");
      assertThat(faultCount(alipay, "refundAsync")).isEqualTo(before + 1);

      Delivery webhook =
          receiver
              .await(
                  inbox,
                  list -> list.stream().anyMatch(d -> "REFUND_SUCCEEDED".equals(d.text("type"))))
              .stream()
              .filter(d -> "REFUND_SUCCEEDED".equals(d.text("type")))
              .findFirst()
              .orElseThrow();

      Response succeeded = alipay.getRefund(no, "r1");
      assertThat(succeeded.text("status")).isEqualTo("SUCCEEDED");
      assertThat(succeeded.text("refundedAt")).isNotBlank();
      assertThat(Instant.parse(succeeded.text("refundedAt")))
          .isAfterOrEqualTo(Instant.parse(alipay.get(no).text("paidAt")).plusMillis(500));
      assertThat(alipay.refund(no, "r1", "30.00").body()).isEqualTo(succeeded.body());
      assertThat(webhook.text("refundNo")).isEqualTo("r1");
      assertThat(webhook.text("amount")).isEqualTo("30.00");
      assertThat(webhook.text("occurredAt")).isEqualTo(succeeded.text("refundedAt"));
      assertThat(alipay.get(no).text("refundedAmount")).isEqualTo("30.00");
      JsonNode line = ledgerLine(alipay, no);
      assertThat(line.path("captured").asString()).isEqualTo("99.90");
      assertThat(line.path("refunded").asString()).isEqualTo("30.00");
      assertThat(line.path("lastRefundAt").asString()).isEqualTo(succeeded.text("refundedAt"));
    }

    @Test
    void anUnknownRefundIsNotFound() {
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");
      alipay.pay(no);
      alipay.refund(no, "r1", "1.00");

      Response found = alipay.getRefund(no, "r1");
      assertThat(found.status()).isEqualTo(200);
      assertThat(found.text("status")).isEqualTo("SUCCEEDED");
      assertThat(found.text("amount")).isEqualTo("1.00");
      assertError(alipay.getRefund(no, "r2"), 404, "REFUND_NOT_FOUND");
      assertError(alipay.getRefund(newOrderNo(), "r1"), 404, "ORDER_NOT_FOUND");
    }
  }

  @Nested
  class WebhookFaults {

    @Test
    void duplicatesAndRedeliveriesAllCarryTheSameEvent() {
      long before = faultCount(alipay, "webhookDuplicated");
      turnOn(alipay, SandboxClient.json("webhookDuplicates", 2));
      String no = newOrderNo();
      String inbox = newInbox();
      receiver.failNext(inbox, 1);
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));

      alipay.pay(no);

      // three copies, the first attempt of one failed and was retried
      List<Delivery> deliveries = receiver.awaitDeliveries(inbox, 4);
      assertThat(deliveries).extracting(d -> d.text("eventId"))
          .containsOnly(deliveries.get(0).text("eventId"));
      assertThat(deliveries).extracting(SandboxFaultsTest::bodyText)
          .containsOnly(bodyText(deliveries.get(0)));
      assertThat(faultCount(alipay, "webhookDuplicated")).isEqualTo(before + 2);
      assertThat(ledgerLine(alipay, no).path("captured").asString()).isEqualTo("99.90");
    }

    @Test
    void everyCopyIsDelayedWithinTheRange() {
      long before = faultCount(alipay, "webhookDelayed");
      turnOn(
          alipay,
          SandboxClient.json(
              "webhookDelayMinMs", 300, "webhookDelayMaxMs", 600, "webhookDuplicates", 1));
      String no = newOrderNo();
      String inbox = newInbox();
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));
      long start = System.nanoTime();

      alipay.pay(no);

      List<Delivery> deliveries = receiver.awaitDeliveries(inbox, 2);
      assertThat(deliveries)
          .allSatisfy(
              d -> assertThat(millisSince(start, d.receivedNanos())).isGreaterThanOrEqualTo(300));
      assertThat(faultCount(alipay, "webhookDelayed")).isEqualTo(before + 2);
    }

    @Test
    void aDroppedEventIsNeverSentButQueryTellsTheTruth() {
      long before = faultCount(alipay, "webhookDropped");
      turnOn(alipay, SandboxClient.json("webhookDropRate", 1.0));
      String inbox = newInbox();
      String dropped = newOrderNo();
      alipay.create(dropped, "10.00", "CNY", receiver.url(inbox));

      alipay.pay(dropped);

      assertThat(alipay.get(dropped).text("status")).isEqualTo("PAID");
      assertThat(ledgerLine(alipay, dropped).path("captured").asString()).isEqualTo("10.00");
      assertThat(faultCount(alipay, "webhookDropped")).isEqualTo(before + 1);
      // Webhooks go out in the order they are queued: once a later event has arrived, the
      // dropped one would have arrived before it, had it been queued at all.
      alipay.resetSettings();
      String delivered = newOrderNo();
      alipay.create(delivered, "10.00", "CNY", receiver.url(inbox));
      alipay.pay(delivered);
      List<Delivery> deliveries =
          receiver.await(
              inbox,
              list -> list.stream().anyMatch(d -> delivered.equals(d.text("merchantOrderNo"))));
      assertThat(deliveries).extracting(d -> d.text("merchantOrderNo")).containsOnly(delivered);
    }

    @Test
    void reorderSendsARefundEventBeforeItsPaymentEvent() {
      long before = faultCount(alipay, "webhookReordered");
      turnOn(alipay, SandboxClient.json("webhookReorder", true));
      String no = newOrderNo();
      String inbox = newInbox();
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));

      alipay.pay(no);
      alipay.refund(no, "r1", "9.90");

      List<Delivery> deliveries = receiver.awaitDeliveries(inbox, 2);
      assertThat(deliveries).extracting(d -> d.text("type"))
          .containsExactly("REFUND_SUCCEEDED", "PAYMENT_SUCCEEDED");
      assertThat(faultCount(alipay, "webhookReordered")).isEqualTo(before + 1);
      JsonNode line = ledgerLine(alipay, no);
      assertThat(line.path("captured").asString()).isEqualTo("99.90");
      assertThat(line.path("refunded").asString()).isEqualTo("9.90");
    }

    @Test
    void reorderSendsALoneEventAfterTheMaxHold() {
      turnOn(alipay, SandboxClient.json("webhookReorder", true));
      String no = newOrderNo();
      String inbox = newInbox();
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));
      long start = System.nanoTime();

      alipay.pay(no);

      Delivery delivery = receiver.awaitDeliveries(inbox, 1).get(0);
      assertThat(delivery.text("type")).isEqualTo("PAYMENT_SUCCEEDED");
      // payonce.sandbox.webhook-reorder-max-hold=1s in this test
      assertThat(millisSince(start, delivery.receivedNanos())).isGreaterThanOrEqualTo(1000);
    }
  }

  @Nested
  class Determinism {

    /** Creates (and pays, if created) 20 orders; a letter per order: E error, T tamper, P paid. */
    private String run() {
      StringBuilder outcomes = new StringBuilder();
      for (int i = 0; i < 20; i++) {
        String no = newOrderNo();
        Response created = alipay.create(no, "10.00", "CNY");
        if (created.status() == 503) {
          outcomes.append('E');
          continue;
        }
        assertThat(created.status()).isEqualTo(200);
        outcomes.append("10.00".equals(alipay.pay(no).text("paidAmount")) ? 'P' : 'T');
      }
      return outcomes.toString();
    }

    @Test
    void theSameSeedAndCallsMakeTheSameFaultDecisions() {
      String settings =
          SandboxClient.json("createErrorRate", 0.5, "amountTamperRate", 0.5, "seed", 7);
      turnOn(alipay, settings);
      String first = run();
      turnOn(alipay, settings); // every change reseeds
      String second = run();
      turnOn(alipay, SandboxClient.json("seed", 8));
      String otherSeed = run();

      assertThat(second).isEqualTo(first);
      assertThat(first).contains("E").contains("T").contains("P");
      assertThat(otherSeed).hasSize(20).isNotEqualTo(first);
    }

    @Test
    void aResetStartsTheDefaultSeedOver() {
      turnOn(alipay, SandboxClient.json("createErrorRate", 0.5));
      String first = run();
      alipay.resetSettings();
      turnOn(alipay, SandboxClient.json("createErrorRate", 0.5, "seed", 20261126L));
      String second = run();

      assertThat(second).isEqualTo(first);
    }
  }

  @Nested
  class FaultCounters {

    @Test
    void countEveryKindPerChannelAndReset() {
      Response zeroed = wechat.send("DELETE", "/faults", null);
      assertThat(zeroed.status()).isEqualTo(200);
      assertThat(new TreeSet<>(zeroed.body().propertyNames()))
          .isEqualTo(new TreeSet<>(FAULT_KINDS));
      assertThat(zeroed.body().valueStream())
          .allSatisfy(count -> assertThat(count.asLong()).isZero());
      long alipayErrors = faultCount(alipay, "createError");

      turnOn(wechat, SandboxClient.json("createErrorRate", 1.0));
      for (int i = 0; i < 3; i++) {
        assertError(wechat.create(newOrderNo(), "1.00", "CNY"), 503, "SYSTEM_ERROR");
      }
      wechat.resetSettings();
      String no = newOrderNo();
      wechat.create(no, "1.00", "CNY");
      turnOn(wechat, SandboxClient.json("closeRefusedRate", 1.0));
      assertError(wechat.close(no), 409, "USER_PAYING");

      Response faults = wechat.faults();
      assertThat(faults.status()).isEqualTo(200);
      List<String> nonZero = new ArrayList<>();
      faults.body().propertyNames().forEach(
          kind -> {
            if (faults.body().path(kind).asLong() != 0) {
              nonZero.add(kind);
            }
          });
      assertThat(nonZero).containsExactlyInAnyOrder("createError", "closeRefused");
      assertThat(faults.body().path("createError").asLong()).isEqualTo(3);
      assertThat(faults.body().path("closeRefused").asLong()).isEqualTo(1);
      assertThat(faultCount(alipay, "createError")).isEqualTo(alipayErrors);
      assertError(new SandboxClient(port, "paypal").faults(), 404, "UNKNOWN_CHANNEL");
    }
  }
}
