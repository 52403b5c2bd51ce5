package com.payonce.activities.channel.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.channel.WebhookRejected;
import com.payonce.activities.channel.WebhookRejected.Reason;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;

class SandboxChannelTest {
  private static final String PREFIX = "/sandbox/alipay/v1";
  private static final String NOTIFY_URL = "https://payonce.example/webhooks/alipay";
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
  // short for the tests of a channel that hangs; every other call gets a load-proof one
  private static final Duration READ_TIMEOUT = Duration.ofMillis(300);
  private static final Duration PATIENT_READ_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final String NEW_SECRET = "whsec-new-0123456789";
  private static final String OLD_SECRET = "whsec-old-9876543210";

  private static final ObjectMapper JSON = new ObjectMapper();

  private StubPsp psp;
  private SandboxChannel channel;

  @BeforeEach
  void startStub() throws IOException {
    psp = new StubPsp();
    channel = channelAt("http://127.0.0.1:" + psp.port() + PREFIX, PATIENT_READ_TIMEOUT);
  }

  @AfterEach
  void stopStub() {
    psp.close();
  }

  private static SandboxChannel channelAt(String baseUrl, Duration readTimeout) {
    return new SandboxChannel(
        new SandboxChannelConfig(
            "alipay",
            () -> baseUrl,
            () -> NOTIFY_URL,
            List.of(NEW_SECRET, OLD_SECRET),
            Duration.ofSeconds(2),
            readTimeout,
            TOLERANCE,
            Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  private static CreatePayment createPayment(String attemptId, Money amount) {
    return new CreatePayment(
        "alipay", attemptId, "ord-1", amount, "a pot of tea", NOW.plusSeconds(900).toEpochMilli());
  }

  private static RefundPayment refundPayment() {
    return new RefundPayment("alipay", "att-1", "auto-att-1", new Money(1000, "CNY"), "duplicate");
  }

  @Nested
  class Create {
    @Test
    void sendsTheAttemptIdAsMerchantOrderNoAndTheAmountAsADecimalString() throws Exception {
      psp.on(
          "POST", "/orders", 200, "{\"channelOrderId\":\"ALI-123\",\"payUrl\":\"https://pay/1\"}");

      ChannelOrder order = channel.create(createPayment("att-1", new Money(9990, "CNY")));

      assertThat(order).isEqualTo(new ChannelOrder("ALI-123", "https://pay/1"));
      Recorded request = psp.only("POST", "/orders");
      assertThat(request.contentType()).startsWith("application/json");
      JsonNode body = JSON.readTree(request.body());
      assertThat(body.get("merchantOrderNo").asText()).isEqualTo("att-1");
      assertThat(body.get("amount").isTextual()).as("amount is a JSON string").isTrue();
      assertThat(body.get("amount").asText()).isEqualTo("99.90");
      assertThat(body.get("currency").asText()).isEqualTo("CNY");
      assertThat(body.get("notifyUrl").asText()).isEqualTo(NOTIFY_URL);
      assertThat(body.get("description").asText()).isEqualTo("a pot of tea");
      assertThat(Instant.parse(body.get("expiresAt").asText())).isEqualTo(NOW.plusSeconds(900));
    }

    @Test
    void sendsACurrencyWithoutMinorDigitsAsAWholeNumber() throws Exception {
      psp.on("POST", "/orders", 200, "{\"channelOrderId\":\"ALI-9\",\"payUrl\":\"https://pay/9\"}");

      channel.create(createPayment("att-9", new Money(100, "JPY")));

      JsonNode body = JSON.readTree(psp.only("POST", "/orders").body());
      assertThat(body.get("amount").asText()).isEqualTo("100");
      assertThat(body.get("currency").asText()).isEqualTo("JPY");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 409, 422})
    void aClientErrorIsARefusal(int status) {
      psp.on("POST", "/orders", status, "{\"code\":\"AMOUNT_INVALID\"}");

      Throwable thrown = catchThrowable(() -> channel.create(createPayment("att-1", money())));

      assertThat(thrown).isInstanceOf(ChannelRefusal.class);
      assertThat(((ChannelRefusal) thrown).type()).isEqualTo(ChannelFailure.CHANNEL_REJECTED);
      assertThat(thrown).hasMessageContaining(String.valueOf(status));
    }
  }

  @Nested
  class ServerErrors {
    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503})
    void aServerErrorOrTooManyRequestsOnAnyCallIsRetryableNotARefusal(int status) {
      psp.on("POST", "/orders", status, "{\"code\":\"SYSTEM_ERROR\"}");
      psp.on("GET", "/orders/att-1", status, "");
      psp.on("POST", "/orders/att-1/close", status, "oops");
      psp.on("POST", "/orders/att-1/refunds", status, "{\"code\":\"ORDER_PAID\"}");
      psp.on("GET", "/orders/att-1/refunds/auto-att-1", status, "{\"code\":\"SYSTEM_ERROR\"}");

      assertRetryable(catchThrowable(() -> channel.create(createPayment("att-1", money()))));
      assertRetryable(catchThrowable(() -> channel.query("att-1")));
      assertRetryable(catchThrowable(() -> channel.close("att-1")));
      assertRetryable(catchThrowable(() -> channel.refund(refundPayment())));
      assertRetryable(catchThrowable(() -> channel.queryRefund("att-1", "auto-att-1")));
      assertThat(psp.requests()).hasSize(5);
    }

    @Test
    void anUnreachableChannelIsRetryableNotARefusal() throws IOException {
      int closedPort;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        closedPort = socket.getLocalPort();
      }
      SandboxChannel unreachable =
          channelAt("http://127.0.0.1:" + closedPort + PREFIX, READ_TIMEOUT);

      assertRetryable(catchThrowable(() -> unreachable.query("att-1")));
    }

    @Test
    void noAnswerWithinTheReadTimeoutIsRetryableNotARefusal() {
      psp.hang("GET", "/orders/att-1");
      SandboxChannel hurried = channelAt("http://127.0.0.1:" + psp.port() + PREFIX, READ_TIMEOUT);

      long started = System.nanoTime();
      Throwable thrown = catchThrowable(() -> hurried.query("att-1"));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertRetryable(thrown);
      assertThat(thrown).hasRootCauseInstanceOf(HttpTimeoutException.class);
      assertThat(took).isGreaterThanOrEqualTo(READ_TIMEOUT).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aRefundWithNoAnswerWithinTheReadTimeoutIsRetryableNotARefusal() {
      psp.hang("POST", "/orders/att-1/refunds");
      SandboxChannel hurried = channelAt("http://127.0.0.1:" + psp.port() + PREFIX, READ_TIMEOUT);

      Throwable thrown = catchThrowable(() -> hurried.refund(refundPayment()));

      assertRetryable(thrown);
      assertThat(thrown).hasRootCauseInstanceOf(HttpTimeoutException.class);
    }
  }

  /** Not a refusal: the activity retries it, because the outcome is unknown. */
  private static void assertRetryable(Throwable thrown) {
    assertThat(thrown).isNotNull().isNotInstanceOf(ChannelRefusal.class);
  }

  @Nested
  class Query {
    @Test
    void mapsStatusAndAmountsToMinorUnits() {
      psp.on(
          "GET",
          "/orders/att-1",
          200,
          """
          {"merchantOrderNo":"att-1","status":"PAID","paidAmount":"99.90",
           "refundedAmount":"10.00","currency":"CNY"}
          """);

      ChannelPayment payment = channel.query("att-1");

      assertThat(payment)
          .isEqualTo(new ChannelPayment(ChannelPayment.Status.PAID, new Money(9990, "CNY"), 1000));
      assertThat(psp.only("GET", "/orders/att-1").method()).isEqualTo("GET");
    }

    @Test
    void mapsAnUnpaidOrder() {
      psp.on(
          "GET",
          "/orders/att-2",
          200,
          "{\"status\":\"WAIT_PAY\",\"paidAmount\":\"0.00\",\"refundedAmount\":\"0\","
              + "\"currency\":\"USD\"}");

      assertThat(channel.query("att-2"))
          .isEqualTo(new ChannelPayment(ChannelPayment.Status.WAIT_PAY, new Money(0, "USD"), 0));
    }

    @Test
    void mapsAClosedOrder() {
      psp.on(
          "GET",
          "/orders/att-3",
          200,
          "{\"status\":\"CLOSED\",\"paidAmount\":\"0.00\",\"refundedAmount\":\"0.00\","
              + "\"currency\":\"CNY\"}");

      assertThat(channel.query("att-3").status()).isEqualTo(ChannelPayment.Status.CLOSED);
    }

    @Test
    void notFoundIsNotFound() {
      psp.on("GET", "/orders/att-4", 404, "{\"code\":\"ORDER_NOT_FOUND\"}");

      assertThat(channel.query("att-4"))
          .isEqualTo(new ChannelPayment(ChannelPayment.Status.NOT_FOUND, null, 0));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"paidAmount\":\"0.00\",\"refundedAmount\":\"0.00\",\"currency\":\"CNY\"}",
          "{\"status\":\"TRADE_FINISHED\",\"paidAmount\":\"1.00\",\"refundedAmount\":\"0.00\","
              + "\"currency\":\"CNY\"}"
        })
    void anUnknownStatusIsAnUnknownOutcome(String reply) {
      psp.on("GET", "/orders/att-6", 200, reply);

      Throwable thrown = catchThrowable(() -> channel.query("att-6"));

      assertRetryable(thrown);
      assertThat(thrown).hasMessageContaining("unknown status");
    }

    @Test
    void aCaptureAboveTheLargestOrderIsBelieved_soThatItCanBeRefunded() {
      psp.on(
          "GET",
          "/orders/att-7",
          200,
          "{\"status\":\"PAID\",\"paidAmount\":\"100000000.01\",\"refundedAmount\":\"0.00\","
              + "\"currency\":\"CNY\"}");

      assertThat(channel.query("att-7").paid())
          .isEqualTo(new Money(Money.maxMinor("CNY") + 1, "CNY"));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "1441151880758558.72  | 0.00",
          "9223372036854775807  | 0.00",
          "1.00                 | 1441151880758558.72",
          "1.001                | 0.00"
        })
    void anAmountPayonceCannotHoldIsARefusalNotARetry(String paid, String refunded) {
      psp.on(
          "GET",
          "/orders/att-8",
          200,
          "{\"status\":\"PAID\",\"paidAmount\":\""
              + paid
              + "\",\"refundedAmount\":\""
              + refunded
              + "\",\"currency\":\"CNY\"}");

      assertThatThrownBy(() -> channel.query("att-8"))
          .isInstanceOfSatisfying(
              ChannelRefusal.class,
              r -> assertThat(r.type()).isEqualTo(ChannelFailure.CHANNEL_REJECTED))
          .hasMessageContaining("att-8")
          .hasMessageContaining("cannot hold")
          .hasMessageContaining("operator");
    }

    @Test
    void anotherClientErrorIsARefusal() {
      psp.on("GET", "/orders/att-5", 400, "{\"code\":\"BAD_REQUEST\"}");

      assertThatThrownBy(() -> channel.query("att-5"))
          .isInstanceOfSatisfying(
              ChannelRefusal.class,
              r -> assertThat(r.type()).isEqualTo(ChannelFailure.CHANNEL_REJECTED));
    }
  }

  @Nested
  class Close {
    @Test
    void okIsClosed() {
      psp.on("POST", "/orders/att-1/close", 200, "{\"status\":\"CLOSED\"}");

      assertThat(channel.close("att-1")).isEqualTo(CloseResult.CLOSED);
      assertThat(psp.only("POST", "/orders/att-1/close")).isNotNull();
    }

    @Test
    void conflictBecausePaidIsAlreadyPaid() {
      psp.on("POST", "/orders/att-1/close", 409, "{\"code\":\"ORDER_PAID\"}");

      assertThat(channel.close("att-1")).isEqualTo(CloseResult.ALREADY_PAID);
    }

    @Test
    void conflictBecauseTheCustomerIsPayingIsCustomerPaying() {
      psp.on("POST", "/orders/att-1/close", 409, "{\"code\":\"USER_PAYING\"}");

      assertThat(channel.close("att-1")).isEqualTo(CloseResult.CUSTOMER_PAYING);
      assertThat(psp.only("POST", "/orders/att-1/close")).isNotNull();
    }

    @Test
    void notFoundIsClosed() {
      psp.on("POST", "/orders/att-1/close", 404, "");

      assertThat(channel.close("att-1")).isEqualTo(CloseResult.CLOSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "", "{\"status\":\"CLOSING\"}"})
    void anOkWithoutClosedIsAnUnknownOutcome(String reply) {
      psp.on("POST", "/orders/att-1/close", 200, reply);

      assertRetryable(catchThrowable(() -> channel.close("att-1")));
    }

    @Test
    void anotherConflictIsARefusal() {
      psp.on("POST", "/orders/att-1/close", 409, "{\"code\":\"ORDER_REFUNDED\"}");

      assertThatThrownBy(() -> channel.close("att-1"))
          .isInstanceOfSatisfying(
              ChannelRefusal.class,
              r -> assertThat(r.type()).isEqualTo(ChannelFailure.CHANNEL_REJECTED));
    }
  }

  @Nested
  class Refund {
    @Test
    void sendsTheRefundNumberAndDecimalAmount() throws Exception {
      psp.on("POST", "/orders/att-1/refunds", 200, "{\"status\":\"SUCCEEDED\"}");

      channel.refund(refundPayment());

      JsonNode body = JSON.readTree(psp.only("POST", "/orders/att-1/refunds").body());
      assertThat(body.get("refundNo").asText()).isEqualTo("auto-att-1");
      assertThat(body.get("amount").isTextual()).isTrue();
      assertThat(body.get("amount").asText()).isEqualTo("10.00");
      assertThat(body.get("reason").asText()).isEqualTo("duplicate");
    }

    @Test
    void anAcceptedRefundThatSucceededIsSucceeded() {
      psp.on(
          "POST",
          "/orders/att-1/refunds",
          200,
          "{\"merchantOrderNo\":\"att-1\",\"refundNo\":\"auto-att-1\",\"amount\":\"10.00\","
              + "\"status\":\"SUCCEEDED\",\"refundedAt\":\"2026-11-26T12:00:00Z\"}");

      assertThat(channel.refund(refundPayment())).isEqualTo(ChannelRefundStatus.SUCCEEDED);
    }

    @Test
    void anAsynchronousRefundIsProcessing() {
      psp.on(
          "POST",
          "/orders/att-1/refunds",
          200,
          "{\"merchantOrderNo\":\"att-1\",\"refundNo\":\"auto-att-1\",\"amount\":\"10.00\","
              + "\"status\":\"PROCESSING\"}");

      assertThat(channel.refund(refundPayment())).isEqualTo(ChannelRefundStatus.PROCESSING);
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"status\":\"FAILED\"}     | FAILED",
          "{\"status\":\"SUCCEEDED\"}  | SUCCEEDED",
          "{\"status\":\"PROCESSING\"} | PROCESSING"
        })
    void theReplysStatusIsMapped(String reply, ChannelRefundStatus expected) {
      psp.on("POST", "/orders/att-1/refunds", 200, reply);

      assertThat(channel.refund(refundPayment())).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "", "{\"status\":\"REFUNDED\"}", "{\"status\":\"NOT_FOUND\"}"})
    void anUnknownStatusIsAnUnknownOutcome_neverSucceeded(String reply) {
      psp.on("POST", "/orders/att-1/refunds", 200, reply);

      Throwable thrown = catchThrowable(() -> channel.refund(refundPayment()));

      assertRetryable(thrown);
      assertThat(thrown).hasMessageContaining("unknown status");
    }

    @Test
    void tooManyRequestsIsRetriedNotARefusal() {
      psp.on("POST", "/orders/att-1/refunds", 429, "{\"code\":\"TOO_MANY_REQUESTS\"}");

      assertRetryable(catchThrowable(() -> channel.refund(refundPayment())));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 409})
    void aClientErrorIsARefundRefusal(int status) {
      psp.on("POST", "/orders/att-1/refunds", status, "{\"code\":\"REFUND_EXCEEDS_CAPTURE\"}");

      assertThatThrownBy(() -> channel.refund(refundPayment()))
          .isInstanceOfSatisfying(
              ChannelRefusal.class,
              r -> assertThat(r.type()).isEqualTo(ChannelFailure.REFUND_REJECTED));
    }
  }

  @Nested
  class QueryRefund {
    private static final String PATH = "/orders/att-1/refunds/auto-att-1";

    @Test
    void asksForTheRefundByAttemptIdAndRefundNumber() {
      psp.on(
          "GET",
          PATH,
          200,
          "{\"merchantOrderNo\":\"att-1\",\"refundNo\":\"auto-att-1\",\"amount\":\"10.00\","
              + "\"status\":\"PROCESSING\"}");

      assertThat(channel.queryRefund("att-1", "auto-att-1"))
          .isEqualTo(ChannelRefundStatus.PROCESSING);
      Recorded request = psp.only("GET", PATH);
      assertThat(request.body()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "{\"status\":\"SUCCEEDED\",\"refundedAt\":\"2026-11-26T12:00:00Z\"} | SUCCEEDED",
          "{\"status\":\"PROCESSING\"}                                        | PROCESSING",
          "{\"status\":\"FAILED\"}                                            | FAILED"
        })
    void mapsTheRefundsStatus(String reply, ChannelRefundStatus expected) {
      psp.on("GET", PATH, 200, reply);

      assertThat(channel.queryRefund("att-1", "auto-att-1")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"status\":\"REFUNDED\"}"})
    void anUnknownStatusIsAnUnknownOutcome(String reply) {
      psp.on("GET", PATH, 200, reply);

      assertRetryable(catchThrowable(() -> channel.queryRefund("att-1", "auto-att-1")));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"{\"code\":\"REFUND_NOT_FOUND\"}", "{\"code\":\"ORDER_NOT_FOUND\"}", ""})
    void notFoundIsNotFound(String reply) {
      psp.on("GET", PATH, 404, reply);

      assertThat(channel.queryRefund("att-1", "auto-att-1"))
          .isEqualTo(ChannelRefundStatus.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 409})
    void anotherClientErrorIsARefundRefusal(int status) {
      psp.on("GET", PATH, status, "{\"code\":\"BAD_REQUEST\"}");

      assertThatThrownBy(() -> channel.queryRefund("att-1", "auto-att-1"))
          .isInstanceOfSatisfying(
              ChannelRefusal.class,
              r -> assertThat(r.type()).isEqualTo(ChannelFailure.REFUND_REJECTED));
    }
  }

  @Nested
  class VerifyWebhook {
    private static final String PAID_BODY =
        "{\"eventId\":\"evt-1\",\"type\":\"PAYMENT_SUCCEEDED\",\"merchantOrderNo\":\"att-1\"}";

    private final String now = String.valueOf(NOW.getEpochSecond());

    @Test
    void aCorrectSignatureIsAccepted() {
      WebhookEvent event = channel.verifyWebhook(signed(NEW_SECRET, now, PAID_BODY), PAID_BODY);

      assertThat(event)
          .isEqualTo(new WebhookEvent("evt-1", WebhookEvent.Type.PAYMENT_SUCCEEDED, "att-1"));
    }

    @Test
    void aRefundEventIsAccepted() {
      String body =
          "{\"eventId\":\"evt-2\",\"type\":\"REFUND_SUCCEEDED\",\"merchantOrderNo\":\"att-7\"}";

      assertThat(channel.verifyWebhook(signed(NEW_SECRET, now, body), body))
          .isEqualTo(new WebhookEvent("evt-2", WebhookEvent.Type.REFUND_SUCCEEDED, "att-7"));
    }

    @Test
    void theSecondSecretIsAcceptedDuringARotation() {
      WebhookEvent event = channel.verifyWebhook(signed(OLD_SECRET, now, PAID_BODY), PAID_BODY);

      assertThat(event.eventId()).isEqualTo("evt-1");
    }

    @Test
    void aSignatureWithAnUnknownSecretIsRejected() {
      assertRejected(signed("someone-else", now, PAID_BODY), PAID_BODY, Reason.BAD_SIGNATURE);
    }

    @Test
    void aTamperedBodyIsRejected() {
      String tampered = PAID_BODY.replace("att-1", "att-2");

      assertRejected(signed(NEW_SECRET, now, PAID_BODY), tampered, Reason.BAD_SIGNATURE);
    }

    @Test
    void aSignatureOverAnotherTimestampIsRejected() {
      HttpHeaders headers = signed(NEW_SECRET, now, PAID_BODY);
      headers.set(SandboxChannel.TIMESTAMP_HEADER, String.valueOf(NOW.getEpochSecond() - 1));

      assertRejected(headers, PAID_BODY, Reason.BAD_SIGNATURE);
    }

    @Test
    void anUppercaseOrGarbageSignatureIsRejected() {
      HttpHeaders upper = new HttpHeaders();
      upper.set(SandboxChannel.TIMESTAMP_HEADER, now);
      upper.set(
          SandboxChannel.SIGNATURE_HEADER,
          hmacHex(NEW_SECRET, now + "." + PAID_BODY).toUpperCase());
      assertRejected(upper, PAID_BODY, Reason.BAD_SIGNATURE);

      HttpHeaders garbage = new HttpHeaders();
      garbage.set(SandboxChannel.TIMESTAMP_HEADER, now);
      garbage.set(SandboxChannel.SIGNATURE_HEADER, "not-a-signature");
      assertRejected(garbage, PAID_BODY, Reason.BAD_SIGNATURE);
    }

    @Test
    void missingHeadersAreABadSignature() {
      HttpHeaders noSignature = new HttpHeaders();
      noSignature.set(SandboxChannel.TIMESTAMP_HEADER, now);
      HttpHeaders noTimestamp = new HttpHeaders();
      noTimestamp.set(SandboxChannel.SIGNATURE_HEADER, hmacHex(NEW_SECRET, now + "." + PAID_BODY));

      assertRejected(new HttpHeaders(), PAID_BODY, Reason.BAD_SIGNATURE);
      assertRejected(noSignature, PAID_BODY, Reason.BAD_SIGNATURE);
      assertRejected(noTimestamp, PAID_BODY, Reason.BAD_SIGNATURE);
    }

    @Test
    void headerNamesAreCaseInsensitive() {
      HttpHeaders headers = new HttpHeaders();
      headers.set("x-sandbox-timestamp", now);
      headers.set("x-sandbox-signature", hmacHex(NEW_SECRET, now + "." + PAID_BODY));

      assertThat(channel.verifyWebhook(headers, PAID_BODY).attemptId()).isEqualTo("att-1");
    }

    @Test
    void aTimestampOlderThanTheToleranceIsStale() {
      String old = String.valueOf(NOW.minus(TOLERANCE).getEpochSecond() - 1);

      assertRejected(signed(NEW_SECRET, old, PAID_BODY), PAID_BODY, Reason.STALE_TIMESTAMP);
    }

    @Test
    void aTimestampTooFarInTheFutureIsStale() {
      String future = String.valueOf(NOW.plus(TOLERANCE).getEpochSecond() + 1);

      assertRejected(signed(NEW_SECRET, future, PAID_BODY), PAID_BODY, Reason.STALE_TIMESTAMP);
    }

    @Test
    void aTimestampJustWithinTheToleranceIsAccepted() {
      String edge = String.valueOf(NOW.minus(TOLERANCE).getEpochSecond());

      assertThat(channel.verifyWebhook(signed(NEW_SECRET, edge, PAID_BODY), PAID_BODY).eventId())
          .isEqualTo("evt-1");
    }

    @Test
    void aSignedTimestampThatIsNotANumberIsStale() {
      assertRejected(signed(NEW_SECRET, "yesterday", PAID_BODY), PAID_BODY, Reason.STALE_TIMESTAMP);
    }

    @Test
    void aValidSignatureOverMalformedJsonIsAMalformedBody() {
      String body = "{\"eventId\":\"evt-1\",";

      assertRejected(signed(NEW_SECRET, now, body), body, Reason.MALFORMED_BODY);
    }

    @Test
    void aValidSignatureOverAnUnknownTypeIsAMalformedBody() {
      String body =
          "{\"eventId\":\"evt-1\",\"type\":\"PAYMENT_WOBBLED\",\"merchantOrderNo\":\"a\"}";

      assertRejected(signed(NEW_SECRET, now, body), body, Reason.MALFORMED_BODY);
    }

    @Test
    void aValidSignatureOverAnEventWithoutIdsIsAMalformedBody() {
      String noEventId = "{\"type\":\"PAYMENT_SUCCEEDED\",\"merchantOrderNo\":\"att-1\"}";
      String noAttempt = "{\"eventId\":\"evt-1\",\"type\":\"PAYMENT_SUCCEEDED\"}";
      String tooLong =
          "{\"eventId\":\""
              + "e".repeat(129)
              + "\",\"type\":\"PAYMENT_SUCCEEDED\","
              + "\"merchantOrderNo\":\"att-1\"}";

      assertRejected(signed(NEW_SECRET, now, noEventId), noEventId, Reason.MALFORMED_BODY);
      assertRejected(signed(NEW_SECRET, now, noAttempt), noAttempt, Reason.MALFORMED_BODY);
      assertRejected(signed(NEW_SECRET, now, tooLong), tooLong, Reason.MALFORMED_BODY);
    }

    private void assertRejected(HttpHeaders headers, String body, Reason reason) {
      assertThatThrownBy(() -> channel.verifyWebhook(headers, body))
          .isInstanceOfSatisfying(
              WebhookRejected.class, r -> assertThat(r.reason()).isEqualTo(reason));
    }
  }

  private static Money money() {
    return new Money(9990, "CNY");
  }

  private static HttpHeaders signed(String secret, String timestamp, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(SandboxChannel.TIMESTAMP_HEADER, timestamp);
    headers.set(SandboxChannel.SIGNATURE_HEADER, hmacHex(secret, timestamp + "." + body));
    return headers;
  }

  /** The PSP's scheme computed here, independently of the production helper. */
  private static String hmacHex(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  record Recorded(String method, String path, String contentType, String body) {}

  /** A programmable stand-in for the sandbox PSP on 127.0.0.1 and a random port. */
  static final class StubPsp implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Consumer<HttpExchange>> routes = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    StubPsp() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(executor);
      server.createContext("/", this::handle);
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    void on(String method, String path, int status, String body) {
      routes.put(method + " " + PREFIX + path, exchange -> respond(exchange, status, body));
    }

    /** Never answers until the test ends. */
    void hang(String method, String path) {
      routes.put(
          method + " " + PREFIX + path,
          exchange -> {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            respond(exchange, 200, "{}");
          });
    }

    List<Recorded> requests() {
      return requests;
    }

    Recorded only(String method, String path) {
      List<Recorded> matching =
          requests.stream()
              .filter(r -> r.method().equals(method) && r.path().equals(PREFIX + path))
              .toList();
      assertThat(matching).as("requests to %s %s", method, path).hasSize(1);
      return matching.get(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
      requests.add(
          new Recorded(method, path, exchange.getRequestHeaders().getFirst("Content-Type"), body));
      Consumer<HttpExchange> route = routes.get(method + " " + path);
      if (route == null) {
        respond(exchange, 501, "{\"code\":\"NO_STUB_FOR " + method + " " + path + "\"}");
      } else {
        route.accept(exchange);
      }
    }

    private static void respond(HttpExchange exchange, int status, String body) {
      try {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        }
      } catch (IOException e) {
        // the client gave up (read timeout): nothing to answer
      } finally {
        exchange.close();
      }
    }

    @Override
    public void close() {
      release.countDown();
      server.stop(0);
      executor.shutdownNow();
    }
  }
}
