package com.payonce.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.payonce.sandbox.SandboxClient.Response;
import com.payonce.sandbox.WebhookReceiver.Delivery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The wire protocol over real HTTP, as payonce's channel adapter sees it. */
@SpringBootTest(
    classes = SandboxApplication.class,
    webEnvironment = RANDOM_PORT,
    properties = {
      "payonce.sandbox.channels.alipay.webhook-secret=" + SandboxHttpTest.ALIPAY_SECRET,
      "payonce.sandbox.channels.wechat.webhook-secret=test-wechat-secret",
      "payonce.sandbox.webhook-initial-backoff=20ms",
      "payonce.sandbox.webhook-max-attempts=4"
    })
class SandboxHttpTest {

  static final String ALIPAY_SECRET = "test-alipay-secret";

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
    alipay.send("DELETE", "/settings", null);
    wechat.send("DELETE", "/settings", null);
  }

  /** Orders live as long as the context: every test uses fresh merchant order numbers. */
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

  /** A new alipay order of 10.00 CNY: its merchant order number. */
  private String newAlipayOrder() {
    return newAlipayOrder("10.00");
  }

  private String newAlipayOrder(String amount) {
    String no = newOrderNo();
    alipay.create(no, amount, "CNY");
    return no;
  }

  /** A new alipay order, paid: its merchant order number. */
  private String paidAlipayOrder(String amount) {
    String no = newAlipayOrder(amount);
    alipay.pay(no);
    return no;
  }

  private JsonNode ledgerLine(String merchantOrderNo) {
    Response ledger = alipay.ledger();
    assertThat(ledger.status()).isEqualTo(200);
    List<JsonNode> lines =
        ledger.body().valueStream()
            .filter(line -> merchantOrderNo.equals(line.path("merchantOrderNo").asString()))
            .toList();
    assertThat(lines).hasSizeLessThanOrEqualTo(1);
    return lines.isEmpty() ? null : lines.get(0);
  }

  @Nested
  class Create {

    @Test
    void answersAnOpenOrder() {
      String no = newOrderNo();
      Response created = alipay.create(no, "99.90", "CNY");

      assertThat(created.status()).isEqualTo(200);
      assertThat(created.text("merchantOrderNo")).isEqualTo(no);
      assertThat(created.text("channelOrderId")).startsWith("alipay-");
      assertThat(created.text("status")).isEqualTo("WAIT_PAY");
      assertThat(created.text("amount")).isEqualTo("99.90");
      assertThat(created.text("currency")).isEqualTo("CNY");
      assertThat(created.text("paidAmount")).isEqualTo("0.00");
      assertThat(created.text("refundedAmount")).isEqualTo("0.00");
      assertThat(created.text("payUrl")).isEqualTo("/sandbox/alipay/v1/orders/" + no + "/pay");
      assertThat(created.body().has("paidAt")).isFalse();
      assertThat(alipay.get(no).body()).isEqualTo(created.body());
    }

    @Test
    void isIdempotentOnMerchantOrderNo() {
      String no = newOrderNo();
      Response first = alipay.create(no, "99.90", "CNY");
      Response again = alipay.create(no, "99.9", "CNY");

      assertThat(again.status()).isEqualTo(200);
      assertThat(again.text("channelOrderId")).isEqualTo(first.text("channelOrderId"));
      assertThat(again.body()).isEqualTo(first.body());
    }

    @Test
    void refusesTheSameMerchantOrderNoForAnotherAmountOrCurrency() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");

      assertError(alipay.create(no, "99.91", "CNY"), 409, "ORDER_MISMATCH");
      assertError(alipay.create(no, "99.90", "USD"), 409, "ORDER_MISMATCH");
      assertThat(alipay.get(no).text("amount")).isEqualTo("99.90");
    }

    @Test
    void keepsEachChannelsOrdersApart() {
      String no = newOrderNo();
      Response onAlipay = alipay.create(no, "10.00", "CNY");
      Response onWechat = wechat.create(no, "20.00", "CNY");

      assertThat(onWechat.status()).isEqualTo(200);
      assertThat(onWechat.text("channelOrderId")).startsWith("wechat-");
      assertThat(onWechat.text("channelOrderId")).isNotEqualTo(onAlipay.text("channelOrderId"));
      assertThat(onWechat.text("payUrl")).startsWith("/sandbox/wechat/v1/");
    }

    @Test
    void refusesInvalidInput() {
      String no = newOrderNo();
      assertError(alipay.create(null, "1.00", "CNY"), 400, "INVALID_REQUEST");
      assertError(alipay.create("has space", "1.00", "CNY"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, null, "CNY"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "0.00", "CNY"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "-1.00", "CNY"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "ten", "CNY"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "1.001", "CNY"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "100.5", "JPY"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "1.00", null), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "1.00", "XYZ"), 400, "INVALID_REQUEST");
      assertError(alipay.create(no, "1.00", "CNY", "not a url"), 400, "INVALID_REQUEST");
      assertError(
          alipay.post(
              "/orders",
              SandboxClient.json(
                  "merchantOrderNo", no, "amount", "1.00", "currency", "CNY",
                  "expiresAt", "tomorrow")),
          400,
          "INVALID_REQUEST");
      assertError(alipay.post("/orders", "{\"merchantOrderNo\":"), 400, "INVALID_REQUEST");
      assertError(alipay.post("/orders", "[]"), 400, "INVALID_REQUEST");
      assertError(alipay.post("/orders", null), 400, "INVALID_REQUEST");
      assertError(
          alipay.send(
              "POST",
              "/orders",
              SandboxClient.json("merchantOrderNo", no, "amount", "1.00", "currency", "CNY"),
              "text/plain"),
          400,
          "INVALID_REQUEST");
      assertError(alipay.get(no), 404, "ORDER_NOT_FOUND");
    }
  }

  @Nested
  class UnknownThings {

    @Test
    void anUnconfiguredChannelDoesNotExist() {
      SandboxClient paypal = new SandboxClient(port, "paypal");
      assertError(paypal.create(newOrderNo(), "1.00", "CNY"), 404, "UNKNOWN_CHANNEL");
      assertError(paypal.get(newOrderNo()), 404, "UNKNOWN_CHANNEL");
      assertError(paypal.ledger(), 404, "UNKNOWN_CHANNEL");
      assertError(paypal.send("GET", "/settings", null), 404, "UNKNOWN_CHANNEL");
    }

    @Test
    void anUnknownOrderIsNotFound() {
      String no = newOrderNo();
      assertError(alipay.get(no), 404, "ORDER_NOT_FOUND");
      assertError(alipay.close(no), 404, "ORDER_NOT_FOUND");
      assertError(alipay.pay(no), 404, "ORDER_NOT_FOUND");
      assertError(alipay.refund(no, "r1", "1.00"), 404, "ORDER_NOT_FOUND");
    }
  }

  @Nested
  class Pay {

    @Test
    void capturesTheOrderAmount() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");
      Instant before = Instant.now().minusSeconds(1);

      Response paid = alipay.pay(no);

      assertThat(paid.status()).isEqualTo(200);
      assertThat(paid.text("status")).isEqualTo("PAID");
      assertThat(paid.text("paidAmount")).isEqualTo("99.90");
      assertThat(Instant.parse(paid.text("paidAt"))).isAfter(before);
      assertThat(alipay.get(no).text("status")).isEqualTo("PAID");
      JsonNode line = ledgerLine(no);
      assertThat(line.path("currency").asString()).isEqualTo("CNY");
      assertThat(line.path("captured").asString()).isEqualTo("99.90");
      assertThat(line.path("refunded").asString()).isEqualTo("0.00");
      assertThat(line.path("capturedAt").asString()).isEqualTo(paid.text("paidAt"));
      assertThat(line.has("lastRefundAt")).isFalse();
    }

    @Test
    void capturesADifferentAmountWhenTheCustomerPaysOne() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");

      Response paid = alipay.post("/orders/" + no + "/pay", SandboxClient.json("amount", "88.80"));

      assertThat(paid.text("amount")).isEqualTo("99.90");
      assertThat(paid.text("paidAmount")).isEqualTo("88.80");
      assertThat(ledgerLine(no).path("captured").asString()).isEqualTo("88.80");
    }

    @Test
    void twiceCapturesOnceAndNotifiesOnce() {
      String no = newOrderNo();
      String inbox = newInbox();
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));

      Response first = alipay.pay(no);
      Response second = alipay.pay(no);

      assertThat(second.status()).isEqualTo(200);
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(ledgerLine(no).path("captured").asString()).isEqualTo("99.90");
      // Webhooks go out one at a time in the order they were queued: once the refund's has
      // arrived, a second payment webhook would have arrived before it.
      alipay.refund(no, "r1", "1.00");
      List<Delivery> deliveries =
          receiver.await(
              inbox, list -> list.stream().anyMatch(d -> "REFUND_SUCCEEDED".equals(d.text("type"))));
      assertThat(deliveries).extracting(d -> d.text("type"))
          .containsExactly("PAYMENT_SUCCEEDED", "REFUND_SUCCEEDED");
    }

    @Test
    void ofAnExpiredOrderIsRefused() {
      String no = newOrderNo();
      alipay.post(
          "/orders",
          SandboxClient.json(
              "merchantOrderNo", no, "amount", "5.00", "currency", "CNY",
              "expiresAt", Instant.now().minusSeconds(1).toString()));

      assertThat(alipay.get(no).text("status")).isEqualTo("CLOSED");
      assertError(alipay.pay(no), 409, "ORDER_CLOSED");
      assertThat(ledgerLine(no)).isNull();
    }
  }

  @Nested
  class Close {

    @Test
    void closesAnOpenOrderForGood() {
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");

      Response closed = alipay.close(no);

      assertThat(closed.status()).isEqualTo(200);
      assertThat(closed.text("merchantOrderNo")).isEqualTo(no);
      assertThat(closed.text("status")).isEqualTo("CLOSED");
      assertThat(alipay.get(no).text("status")).isEqualTo("CLOSED");
      assertError(alipay.pay(no), 409, "ORDER_CLOSED");
      assertThat(alipay.close(no).text("status")).isEqualTo("CLOSED");
      assertThat(ledgerLine(no)).isNull();
    }

    @Test
    void ofAPaidOrderIsRefused() {
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");
      alipay.pay(no);

      assertError(alipay.close(no), 409, "ORDER_PAID");
      assertThat(alipay.get(no).text("status")).isEqualTo("PAID");
    }

    @Test
    void thatIsNotHonoredSaysClosedButTheOrderCanStillBePaid() {
      Response settings = alipay.send("PUT", "/settings", SandboxClient.json("closeHonored", false));
      assertThat(settings.status()).isEqualTo(200);
      assertThat(settings.body().path("closeHonored").asBoolean()).isFalse();
      assertThat(alipay.send("GET", "/settings", null).body()).isEqualTo(settings.body());
      String no = newOrderNo();
      alipay.create(no, "10.00", "CNY");

      assertThat(alipay.close(no).text("status")).isEqualTo("CLOSED");
      assertThat(alipay.get(no).text("status")).isEqualTo("WAIT_PAY");
      assertThat(alipay.pay(no).text("status")).isEqualTo("PAID");
      assertThat(ledgerLine(no).path("captured").asString()).isEqualTo("10.00");
    }

    @Test
    void settingsSentAsAFormAreRefusedNotIgnored() {
      // curl -d sends application/x-www-form-urlencoded; the container may eat such a PUT body.
      Response refused =
          alipay.send(
              "PUT",
              "/settings",
              SandboxClient.json("closeHonored", false),
              "application/x-www-form-urlencoded");

      assertError(refused, 400, "INVALID_REQUEST");
      assertThat(alipay.send("GET", "/settings", null).body().path("closeHonored").asBoolean())
          .isTrue();
    }

    @Test
    void settingsArePerChannelAndResetToDefaults() {
      alipay.send("PUT", "/settings", SandboxClient.json("closeHonored", false));
      assertThat(wechat.send("GET", "/settings", null).body().path("closeHonored").asBoolean())
          .isTrue();
      // An empty change changes nothing.
      assertThat(alipay.send("PUT", "/settings", "{}").body().path("closeHonored").asBoolean())
          .isFalse();

      Response reset = alipay.send("DELETE", "/settings", null);

      assertThat(reset.status()).isEqualTo(200);
      assertThat(reset.body().path("closeHonored").asBoolean()).isTrue();
      assertThat(alipay.send("GET", "/settings", null).body().path("closeHonored").asBoolean())
          .isTrue();
    }
  }

  @Nested
  class Refund {

    @Test
    void isIdempotentOnRefundNo() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");
      alipay.pay(no);

      Response first = alipay.refund(no, "r1", "30.00");
      Response again = alipay.refund(no, "r1", "30.00");

      assertThat(first.status()).isEqualTo(200);
      assertThat(first.text("merchantOrderNo")).isEqualTo(no);
      assertThat(first.text("refundNo")).isEqualTo("r1");
      assertThat(first.text("amount")).isEqualTo("30.00");
      assertThat(first.text("status")).isEqualTo("SUCCEEDED");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.body()).isEqualTo(first.body());
      assertThat(alipay.get(no).text("refundedAmount")).isEqualTo("30.00");
      JsonNode line = ledgerLine(no);
      assertThat(line.path("captured").asString()).isEqualTo("99.90");
      assertThat(line.path("refunded").asString()).isEqualTo("30.00");
      assertThat(line.path("lastRefundAt").asString()).isNotBlank();
    }

    @Test
    void areListedInTheLedgerUnderTheirNumbers() {
      String no = paidAlipayOrder("99.90");
      alipay.refund(no, "r1", "30.00");
      alipay.changeSettings(SandboxClient.json("refundAsync", true, "refundDelayMs", 60_000));
      alipay.refund(no, "r2", "0.01");

      JsonNode line = ledgerLine(no);
      assertThat(line.path("refunded").asString()).isEqualTo("30.00");
      JsonNode refunds = line.path("refunds");
      assertThat(refunds.size()).isEqualTo(2);
      assertThat(refunds.get(0).path("refundNo").asString()).isEqualTo("r1");
      assertThat(refunds.get(0).path("amount").asString()).isEqualTo("30.00");
      assertThat(refunds.get(0).path("status").asString()).isEqualTo("SUCCEEDED");
      assertThat(refunds.get(0).path("refundedAt").asString()).isNotBlank();
      assertThat(refunds.get(1).path("refundNo").asString()).isEqualTo("r2");
      assertThat(refunds.get(1).path("amount").asString()).isEqualTo("0.01");
      assertThat(refunds.get(1).path("status").asString()).isEqualTo("PROCESSING");
      assertThat(refunds.get(1).has("refundedAt")).isFalse();
    }

    @Test
    void refusesTheSameRefundNoForAnotherAmount() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");
      alipay.pay(no);
      alipay.refund(no, "r1", "30.00");

      assertError(alipay.refund(no, "r1", "31.00"), 409, "REFUND_MISMATCH");
      assertThat(alipay.get(no).text("refundedAmount")).isEqualTo("30.00");
    }

    @Test
    void refusesRefundingMoreThanWasCaptured() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");
      alipay.pay(no);
      alipay.refund(no, "r1", "60.00");

      assertError(alipay.refund(no, "r2", "40.00"), 409, "REFUND_EXCEEDS_CAPTURED");
      assertThat(alipay.refund(no, "r3", "39.90").status()).isEqualTo(200);
      assertError(alipay.refund(no, "r4", "0.01"), 409, "REFUND_EXCEEDS_CAPTURED");
      assertThat(ledgerLine(no).path("refunded").asString()).isEqualTo("99.90");
    }

    @Test
    void refusesAnOrderThatIsNotPaid() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");

      assertError(alipay.refund(no, "r1", "1.00"), 409, "ORDER_NOT_PAID");
      alipay.close(no);
      assertError(alipay.refund(no, "r1", "1.00"), 409, "ORDER_NOT_PAID");
    }

    @Test
    void refusesInvalidInput() {
      String no = newOrderNo();
      alipay.create(no, "99.90", "CNY");
      alipay.pay(no);

      assertError(alipay.refund(no, null, "1.00"), 400, "INVALID_REQUEST");
      assertError(alipay.refund(no, "r1", "0"), 400, "INVALID_REQUEST");
      assertError(alipay.refund(no, "r1", "1.001"), 400, "INVALID_REQUEST");
    }
  }

  @Nested
  class FaultsOfOneOrder {

    @Test
    void anUnhonoredCloseLeavesOnlyThatOrderPayable() {
      String one = newAlipayOrder();
      String other = newAlipayOrder();

      Response set = alipay.orderFaults(one, SandboxClient.json("closeHonored", false));
      alipay.close(one);
      alipay.close(other);

      assertThat(set.status()).isEqualTo(200);
      assertThat(set.body().path("closeHonored").asBoolean()).isFalse();
      assertThat(alipay.get(one).text("status")).isEqualTo("WAIT_PAY");
      assertThat(alipay.get(other).text("status")).isEqualTo("CLOSED");
      assertThat(alipay.pay(one).text("status")).isEqualTo("PAID");
    }

    @Test
    void aQueryLagHidesOnlyThatOrdersPayment() {
      String one = newAlipayOrder();
      String other = newAlipayOrder();
      alipay.orderFaults(one, SandboxClient.json("queryLagMs", 60_000));

      alipay.pay(one);
      alipay.pay(other);

      assertThat(alipay.get(one).text("status")).isEqualTo("WAIT_PAY");
      assertThat(alipay.get(other).text("status")).isEqualTo("PAID");
      assertThat(ledgerLine(one).path("captured").asString()).isEqualTo("10.00");
    }

    @Test
    void refundFailuresAreCountedDown() {
      String no = paidAlipayOrder("10.00");
      alipay.orderFaults(no, SandboxClient.json("refundFailures", 2));

      assertError(alipay.refund(no, "r1", "1.00"), 500, "SYSTEM_ERROR");
      assertError(alipay.refund(no, "r1", "1.00"), 500, "SYSTEM_ERROR");
      assertThat(alipay.refund(no, "r1", "1.00").text("status")).isEqualTo("SUCCEEDED");
      assertThat(ledgerLine(no).path("refunded").asString()).isEqualTo("1.00");
    }

    @Test
    void aWebhookDelayHoldsThatOrdersDeliveries() {
      String inbox = newInbox();
      String no = alipay.create(newOrderNo(), "10.00", "CNY", receiver.url(inbox)).text("merchantOrderNo");
      alipay.orderFaults(no, SandboxClient.json("webhookDelayMs", 300));
      long before = System.nanoTime();

      alipay.pay(no);
      receiver.awaitDeliveries(inbox, 1);

      assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(300_000_000L);
      assertThat(alipay.faults().body().path("webhookDelayed").asLong()).isPositive();
    }

    @Test
    void refusesAnUnknownOrderAndInvalidFaults() {
      String no = newAlipayOrder();

      assertError(alipay.orderFaults(newOrderNo(), "{}"), 404, "ORDER_NOT_FOUND");
      assertError(alipay.orderFaults(no, SandboxClient.json("queryLagMs", -1)), 400, "INVALID_REQUEST");
      assertError(alipay.orderFaults(no, SandboxClient.json("refundFailures", 101)), 400, "INVALID_REQUEST");
      assertError(alipay.orderFaults(no, SandboxClient.json("closeHonoured", false)), 400, "INVALID_REQUEST");
    }
  }

  @Nested
  class Webhooks {

    @Test
    void announceAPaymentSignedWithTheChannelsSecret() {
      String no = newOrderNo();
      String inbox = newInbox();
      String channelOrderId = alipay.create(no, "99.90", "CNY", receiver.url(inbox))
          .text("channelOrderId");
      long before = Instant.now().getEpochSecond();

      Response paid = alipay.pay(no);

      Delivery delivery = receiver.awaitDeliveries(inbox, 1).get(0);
      assertThat(delivery.contentType()).startsWith("application/json");
      assertThat(Long.parseLong(delivery.timestamp())).isBetween(before - 1, before + 60);
      assertThat(delivery.signature())
          .isEqualTo(hmacSha256Hex(ALIPAY_SECRET, delivery.timestamp() + "." + bodyText(delivery)))
          .isNotEqualTo(hmacSha256Hex("another secret", delivery.timestamp() + "." + bodyText(delivery)));
      assertThat(delivery.text("eventId")).isNotBlank();
      assertThat(delivery.text("type")).isEqualTo("PAYMENT_SUCCEEDED");
      assertThat(delivery.text("channel")).isEqualTo("alipay");
      assertThat(delivery.text("merchantOrderNo")).isEqualTo(no);
      assertThat(delivery.text("channelOrderId")).isEqualTo(channelOrderId);
      assertThat(delivery.text("amount")).isEqualTo("99.90");
      assertThat(delivery.text("currency")).isEqualTo("CNY");
      assertThat(delivery.json().has("refundNo")).isFalse();
      assertThat(delivery.text("occurredAt")).isEqualTo(paid.text("paidAt"));
    }

    @Test
    void announceARefundWithItsRefundNo() {
      String no = newOrderNo();
      String inbox = newInbox();
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));
      alipay.pay(no);

      alipay.refund(no, "r-1", "12.34");
      alipay.refund(no, "r-1", "12.34");

      List<Delivery> deliveries = receiver.awaitDeliveries(inbox, 2);
      Delivery refund = deliveries.get(1);
      assertThat(refund.text("type")).isEqualTo("REFUND_SUCCEEDED");
      assertThat(refund.text("refundNo")).isEqualTo("r-1");
      assertThat(refund.text("amount")).isEqualTo("12.34");
      assertThat(refund.text("eventId")).isNotEqualTo(deliveries.get(0).text("eventId"));
      assertThat(refund.signature())
          .isEqualTo(hmacSha256Hex(ALIPAY_SECRET, refund.timestamp() + "." + bodyText(refund)));
    }

    @Test
    void areSignedWithTheSecretOfTheirChannel() {
      String no = newOrderNo();
      String inbox = newInbox();
      wechat.create(no, "1.00", "CNY", receiver.url(inbox));

      wechat.pay(no);

      Delivery delivery = receiver.awaitDeliveries(inbox, 1).get(0);
      assertThat(delivery.text("channel")).isEqualTo("wechat");
      assertThat(delivery.signature())
          .isEqualTo(
              hmacSha256Hex("test-wechat-secret", delivery.timestamp() + "." + bodyText(delivery)));
    }

    @Test
    void areRedeliveredWithTheSameEventIdUntilAccepted() {
      String no = newOrderNo();
      String inbox = newInbox();
      receiver.failNext(inbox, 2);
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));

      alipay.pay(no);

      List<Delivery> deliveries = receiver.awaitDeliveries(inbox, 3);
      assertThat(deliveries).hasSize(3);
      assertThat(deliveries).extracting(d -> d.text("eventId")).containsOnly(
          deliveries.get(0).text("eventId"));
      assertThat(deliveries).extracting(SandboxHttpTest::bodyText).containsOnly(
          bodyText(deliveries.get(0)));
      assertThat(deliveries).allSatisfy(
          d -> assertThat(d.signature())
              .isEqualTo(hmacSha256Hex(ALIPAY_SECRET, d.timestamp() + "." + bodyText(d))));
    }

    @Test
    void areRetriedUpToTheAttemptLimit() {
      String no = newOrderNo();
      String inbox = newInbox();
      receiver.failNext(inbox, 100);
      alipay.create(no, "99.90", "CNY", receiver.url(inbox));

      alipay.pay(no);

      assertThat(receiver.awaitDeliveries(inbox, 4)).hasSize(4);
    }
  }

  private static String bodyText(Delivery delivery) {
    return new String(delivery.body(), StandardCharsets.UTF_8);
  }

  /** Verifies independently of WebhookSigner, the way a receiver in another codebase would. */
  private static String hmacSha256Hex(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
