package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The customer pays twice because a channel did not honour a close: payonce keeps one payment and
 * gives the other back by itself, so the money taken for the order is exactly its amount.
 */
class DuplicatePaymentApiTest extends ApiTestSupport {

  @AfterEach
  void resetChannels() {
    for (String channel : List.of("alipay", "wechat")) {
      Reply reset = sandbox("DELETE", channel, "/settings", null);
      assertThat(reset.status()).as("reset %s: %s", channel, reset).isEqualTo(200);
      assertThat(reset.json().path("closeHonored").asBoolean()).isTrue();
    }
  }

  @Test
  void aDuplicatePaymentIsRefundedAutomatically() {
    for (String channel : List.of("alipay", "wechat")) {
      Reply changed = sandbox("PUT", channel, "/settings", json("closeHonored", false));
      assertThat(changed.status()).as("settings of %s: %s", channel, changed).isEqualTo(200);
      assertThat(changed.json().path("closeHonored").asBoolean()).isFalse();
    }
    String orderId = uniqueId("duplicate");
    assertOk(checkout(orderId, "customer-1", "88.80", "CNY"), 201);
    String alipayAttempt = pay(orderId, "alipay").text("attemptId");
    Reply wechat = pay(orderId, "wechat");
    assertOk(wechat, 200);
    String wechatAttempt = wechat.text("attemptId");
    // the close "succeeded", so payonce shows it closed, but the channel still takes the money
    assertThat(text(attempt(getOrder(orderId).json(), alipayAttempt), "status"))
        .isEqualTo("CLOSED");
    assertThat(sandbox("GET", "alipay", "/orders/" + alipayAttempt, null).text("status"))
        .isEqualTo("WAIT_PAY");

    customerPays("alipay", alipayAttempt);
    customerPays("wechat", wechatAttempt);

    JsonNode settled =
        awaitOrder(
            orderId,
            "one payment kept and the other refunded",
            view -> {
              String kept = text(view, "paidAttemptId");
              if (!"PAID".equals(text(view, "status")) || kept == null) {
                return false;
              }
              String other = kept.equals(alipayAttempt) ? wechatAttempt : alipayAttempt;
              return "REFUNDED".equals(text(attempt(view, other), "status"));
            });

    String kept = text(settled, "paidAttemptId");
    assertThat(kept).isIn(alipayAttempt, wechatAttempt);
    String duplicate = kept.equals(alipayAttempt) ? wechatAttempt : alipayAttempt;
    assertThat(text(attempt(settled, kept), "status")).isEqualTo("PAID");
    assertThat(text(attempt(settled, duplicate), "capturedAmount")).isEqualTo("88.80");
    assertThat(text(attempt(settled, duplicate), "refundedAmount")).isEqualTo("88.80");
    assertThat(text(attempt(settled, duplicate), "note")).contains("duplicate");
    assertThat(settled.path("refunds")).hasSize(1);
    JsonNode autoRefund = settled.path("refunds").get(0);
    assertThat(text(autoRefund, "refundId")).isEqualTo("auto-" + duplicate);
    assertThat(text(autoRefund, "attemptId")).isEqualTo(duplicate);
    assertThat(text(autoRefund, "kind")).isEqualTo("AUTOMATIC");
    assertThat(text(autoRefund, "status")).isEqualTo("SUCCEEDED");
    assertThat(text(autoRefund, "amount")).isEqualTo("88.80");
    // payonce's own totals: both captured, one given back
    assertThat(text(settled, "capturedAmount")).isEqualTo("177.60");
    assertThat(text(settled, "refundedAmount")).isEqualTo("88.80");

    // the channels' ledgers agree: the customer is out of pocket exactly the order amount
    JsonNode alipayLine = ledgerLine("alipay", alipayAttempt);
    JsonNode wechatLine = ledgerLine("wechat", wechatAttempt);
    assertThat(alipayLine).isNotNull();
    assertThat(wechatLine).isNotNull();
    BigDecimal net =
        money(alipayLine, "captured")
            .add(money(wechatLine, "captured"))
            .subtract(money(alipayLine, "refunded"))
            .subtract(money(wechatLine, "refunded"));
    assertThat(net).isEqualByComparingTo("88.80");
    JsonNode duplicateLine = duplicate.equals(alipayAttempt) ? alipayLine : wechatLine;
    assertThat(money(duplicateLine, "refunded")).isEqualByComparingTo("88.80");
  }

  private static BigDecimal money(JsonNode line, String field) {
    return new BigDecimal(text(line, field));
  }
}
