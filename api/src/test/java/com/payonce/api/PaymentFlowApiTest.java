package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Paying, switching channels, cancelling and refunding an order, over the real API. */
class PaymentFlowApiTest extends ApiTestSupport {

  @Test
  void payOpensOneAttemptPerChannelAndSwitchingClosesThePreviousOne() {
    String orderId = uniqueId("pay");
    assertOk(checkout(orderId, "customer-1", "99.90", "CNY"), 201);

    Reply wechat = pay(orderId, "wechat");

    assertOk(wechat, 200);
    String wechatAttempt = wechat.text("attemptId");
    assertThat(wechatAttempt).matches("[0-9a-f]{32}");
    assertThat(wechat.text("channel")).isEqualTo("wechat");
    assertThat(wechat.text("status")).isEqualTo("OPEN");
    // WeChat Pay's prepay answers no transaction_id: the channel knows the attempt by our number
    assertThat(wechat.text("channelOrderId")).isEqualTo(wechatAttempt);
    assertThat(wechat.text("payUrl"))
        .isEqualTo(baseUrl() + "/sandbox/wechat/v1/orders/" + wechatAttempt + "/pay");
    Reply atChannel = sandbox("GET", "wechat", "/orders/" + wechatAttempt, null);
    assertThat(atChannel.status()).isEqualTo(200);
    assertThat(atChannel.text("status")).isEqualTo("WAIT_PAY");
    assertThat(atChannel.text("amount")).isEqualTo("99.90");
    assertThat(atChannel.text("currency")).isEqualTo("CNY");

    Reply again = pay(orderId, "wechat");

    assertOk(again, 200);
    assertThat(again.text("attemptId")).isEqualTo(wechatAttempt);
    assertThat(again.text("payUrl")).isEqualTo(wechat.text("payUrl"));

    Reply alipay = pay(orderId, "alipay");

    assertOk(alipay, 200);
    String alipayAttempt = alipay.text("attemptId");
    assertThat(alipayAttempt).isNotEqualTo(wechatAttempt);
    assertThat(alipay.text("channel")).isEqualTo("alipay");
    assertThat(alipay.text("status")).isEqualTo("OPEN");
    JsonNode order = getOrder(orderId).json();
    assertThat(order.path("attempts")).hasSize(2);
    assertThat(text(attempt(order, wechatAttempt), "status")).isEqualTo("CLOSED");
    assertThat(text(attempt(order, alipayAttempt), "status")).isEqualTo("OPEN");
    assertThat(text(order, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(sandbox("GET", "wechat", "/orders/" + wechatAttempt, null).text("status"))
        .isEqualTo("CLOSED");
  }

  /**
   * Both PSPs take CNY only, WeChat Pay at most 21,474,836.47: knowable before opening anything.
   */
  @Test
  void aChannelThatCannotTakeTheOrderIsRefusedBeforeAnythingOpens() {
    String dollars = uniqueId("pay-usd");
    assertOk(checkout(dollars, "customer-1", "10.00", "USD"), 201);
    String large = uniqueId("pay-large");
    assertOk(checkout(large, "customer-1", "30000000.00", "CNY"), 201);

    assertProblem(pay(dollars, "alipay"), 409, "unsupported-by-channel");
    assertProblem(pay(dollars, "wechat"), 409, "unsupported-by-channel");
    assertProblem(pay(large, "wechat"), 409, "unsupported-by-channel");

    assertThat(getOrder(dollars).json().path("attempts")).isEmpty();
    assertThat(getOrder(large).json().path("attempts")).isEmpty();
    assertOk(pay(large, "alipay"), 200);
  }

  @Test
  void payRefusesUnknownChannelsOrdersAndBodies() {
    String orderId = uniqueId("pay-refused");
    assertOk(checkout(orderId, "customer-1", "10.00", "CNY"), 201);

    assertProblem(pay(orderId, "paypal"), 400, "unknown-channel");
    assertProblem(pay(uniqueId("missing"), "alipay"), 404, "order-not-found");
    assertProblem(
        api("POST", "/api/v1/orders/" + orderId + "/payments", "{}"), 400, "invalid-request");
    assertProblem(
        api("POST", "/api/v1/orders/" + orderId + "/payments", "{\"channel\":"),
        400,
        "invalid-request");
    // nothing was opened by the refused calls
    assertThat(getOrder(orderId).json().path("attempts").isEmpty()).isTrue();
  }

  @Test
  void aPaidOrderCannotBePaidAgainNorCancelled() {
    String orderId = uniqueId("paid");
    JsonNode paid = paidOrder(orderId, "25.00");
    String kept = text(paid, "paidAttemptId");

    assertProblem(pay(orderId, "wechat"), 409, "order-already-paid");
    assertProblem(pay(orderId, "alipay"), 409, "order-already-paid");
    assertProblem(cancel(orderId), 409, "order-already-paid");

    JsonNode after = getOrder(orderId).json();
    assertThat(text(after, "status")).isEqualTo("PAID");
    assertThat(text(after, "paidAttemptId")).isEqualTo(kept);
    assertThat(after.path("attempts")).hasSize(1);
    assertThat(text(after, "capturedAmount")).isEqualTo("25.00");
  }

  @Test
  void cancelEndsTheOrderOnceAndForAll() {
    String orderId = uniqueId("cancel");
    assertOk(checkout(orderId, "customer-1", "30.00", "CNY"), 201);
    String attemptId = pay(orderId, "alipay").text("attemptId");

    Reply cancelled = cancel(orderId);

    assertOk(cancelled, 200);
    assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
    assertThat(text(attempt(cancelled.json(), attemptId), "status")).isEqualTo("CLOSED");
    // Alipay's quirk: a QR code nobody scanned is no trade yet, so its close (TRADE_NOT_EXIST)
    // closes nothing and the code stays payable until it expires with the order; payonce keeps
    // watching it, and refunds what it captures (ChannelFaultsApiTest's unreliable closes)
    assertThat(sandbox("GET", "alipay", "/orders/" + attemptId, null).text("status"))
        .isEqualTo("WAIT_PAY");

    Reply again = cancel(orderId);

    assertOk(again, 200);
    assertThat(again.text("status")).isEqualTo("CANCELLED");
    assertProblem(pay(orderId, "alipay"), 409, "order-not-payable");
    assertProblem(pay(orderId, "wechat"), 409, "order-not-payable");
    assertProblem(refund(orderId, "r-1", "1.00"), 409, "refund-not-allowed");
    assertThat(getOrder(orderId).text("status")).isEqualTo("CANCELLED");
    assertProblem(cancel(uniqueId("missing")), 404, "order-not-found");
  }

  @Test
  void refundBeforePaymentIsNotAllowed() {
    String orderId = uniqueId("refund-early");
    assertOk(checkout(orderId, "customer-1", "10.00", "CNY"), 201);
    pay(orderId, "alipay");

    assertProblem(refund(orderId, "r-1", "1.00"), 409, "refund-not-allowed");
    assertProblem(refund(uniqueId("missing"), "r-1", "1.00"), 404, "order-not-found");
    assertProblem(refund(orderId, "r-1", "0.00"), 400, "invalid-request");
    // well formed, but CNY has two decimals: a conflict with the order, not a malformed request
    assertProblem(refund(orderId, "r-1", "1.001"), 409, "amount-too-precise");
    assertProblem(refund(orderId, "bad id", "1.00"), 400, "invalid-request");

    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(order.path("refunds").isEmpty()).isTrue();
  }

  /** The whole story a shop goes through, checked against the channel's own ledger. */
  @Test
  void walkThroughPaySwitchPayAndRefund() {
    String orderId = uniqueId("walk");
    assertOk(checkout(orderId, "customer-1", "99.90", "CNY"), 201);
    String alipayAttempt = pay(orderId, "alipay").text("attemptId");
    Reply wechat = pay(orderId, "wechat");
    assertOk(wechat, 200);
    String wechatAttempt = wechat.text("attemptId");
    assertThat(text(attempt(getOrder(orderId).json(), alipayAttempt), "status"))
        .isEqualTo("CLOSED");

    // the customer pays in the wechat tab, at the payUrl payonce handed out
    Reply paidAtChannel = send("POST", wechat.text("payUrl"), null, java.util.Map.of());
    assertThat(paidAtChannel.status()).isEqualTo(200);
    assertThat(paidAtChannel.text("status")).isEqualTo("PAID");

    JsonNode paid =
        awaitOrder(
            orderId,
            "order is paid by the wechat attempt",
            v ->
                "PAID".equals(text(v, "status")) && wechatAttempt.equals(text(v, "paidAttemptId")));
    assertThat(text(paid, "capturedAmount")).isEqualTo("99.90");
    assertThat(text(paid, "refundedAmount")).isEqualTo("0.00");
    assertThat(text(attempt(paid, wechatAttempt), "status")).isEqualTo("PAID");
    assertThat(text(attempt(paid, wechatAttempt), "capturedAmount")).isEqualTo("99.90");
    assertThat(text(attempt(paid, alipayAttempt), "status")).isEqualTo("CLOSED");
    assertThat(text(attempt(paid, alipayAttempt), "capturedAmount")).isEqualTo("0.00");

    String refundId = uniqueId("refund");
    Reply refund = refund(orderId, refundId, "10.00");

    assertOk(refund, 200);
    assertThat(refund.text("refundId")).isEqualTo(refundId);
    assertThat(refund.text("attemptId")).isEqualTo(wechatAttempt);
    assertThat(refund.text("amount")).isEqualTo("10.00");
    assertThat(refund.text("status")).isEqualTo("SUCCEEDED");
    assertThat(refund.text("kind")).isEqualTo("REQUESTED");

    Reply repeated = refund(orderId, refundId, "10.00");

    assertOk(repeated, 200);
    assertThat(repeated.json()).isEqualTo(refund.json());
    JsonNode line = ledgerLine("wechat", wechatAttempt);
    assertThat(text(line, "captured")).isEqualTo("99.90");
    assertThat(text(line, "refunded")).isEqualTo("10.00");
    assertThat(ledgerLine("alipay", alipayAttempt)).isNull();
    JsonNode partly = getOrder(orderId).json();
    assertThat(text(partly, "status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(text(partly, "refundedAmount")).isEqualTo("10.00");
    assertThat(partly.path("refunds")).hasSize(1);

    assertProblem(refund(orderId, uniqueId("refund"), "89.91"), 409, "refund-exceeds-refundable");
    assertProblem(refund(orderId, refundId, "20.00"), 409, "refund-id-conflict");

    Reply rest = refund(orderId, uniqueId("refund"), "89.90");

    assertOk(rest, 200);
    assertThat(rest.text("status")).isEqualTo("SUCCEEDED");
    JsonNode refunded = getOrder(orderId).json();
    assertThat(text(refunded, "status")).isEqualTo("REFUNDED");
    assertThat(text(refunded, "refundedAmount")).isEqualTo("99.90");
    assertThat(text(ledgerLine("wechat", wechatAttempt), "refunded")).isEqualTo("99.90");
    assertProblem(refund(orderId, uniqueId("refund"), "0.01"), 409, "refund-exceeds-refundable");
  }
}
