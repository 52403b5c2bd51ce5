package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every fault the sandbox PSP can inject into webhooks, creates, closes and queries, one at a time,
 * through payonce's real API: the order still ends with exactly one kept payment (or none), and the
 * channels' ledgers agree with payonce's to the minor unit.
 */
class ChannelFaultsApiTest extends ChannelFaultsSupport {

  // ---- webhooks -----------------------------------------------------------------------------

  @Test
  void duplicatedWebhooksAreRecordedOnceAndReachTheOrderOnce() {
    fault("alipay", "webhookDuplicates", 3);
    Map<String, Long> before = faultCounts("alipay");
    double duplicatesBefore = webhookOutcomes("alipay", "duplicate");
    String orderId = newOrder("dup-webhooks", "42.00");
    String attemptId = openAttempt(orderId, "alipay");

    customerPays("alipay", attemptId);
    awaitStatus(orderId, "PAID");
    String refundId = uniqueId("r");
    Reply refund = refund(orderId, refundId, "2.00");
    assertOk(refund, 200);
    assertThat(refund.text("status")).isEqualTo("SUCCEEDED");

    // 2 events (payment, refund), each sent 1 + 3 times with one eventId
    await("every copy of both events reached payonce")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> webhookOutcomes("alipay", "duplicate") - duplicatesBefore >= 6);
    assertThat(injectedSince("alipay", before, "webhookDuplicated")).isEqualTo(6);
    assertThat(webhookOutcomes("alipay", "duplicate") - duplicatesBefore).isEqualTo(6);
    List<Map<String, Object>> inbox = inboxRows("alipay", attemptId);
    assertThat(inbox)
        .extracting(r -> r.get("event_type"))
        .containsExactlyInAnyOrder("PAYMENT_SUCCEEDED", "REFUND_SUCCEEDED");
    assertThat(inbox).allSatisfy(r -> assertThat(r.get("delivered")).isEqualTo(true));
    assertThat(signals(orderId)).as("one signal per event, not per copy").isEqualTo(2);
    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(order.path("refunds")).hasSize(1);
    assertOneKeptPayment(order);
    assertLedgersAgree(orderId);
    assertThat(text(ledgerLine("alipay", attemptId), "captured")).isEqualTo("42.00");
    assertThat(text(ledgerLine("alipay", attemptId), "refunded")).isEqualTo("2.00");
  }

  @Test
  void delayedWebhooksStillEndPaid() {
    fault("wechat", "webhookDelayMinMs", 500, "webhookDelayMaxMs", 1500);
    Map<String, Long> before = faultCounts("wechat");
    String orderId = newOrder("delayed-webhook", "18.80");
    String attemptId = openAttempt(orderId, "wechat");

    customerPays("wechat", attemptId);

    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    await("the delayed webhook arrives in the end")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> inboxRows("wechat", attemptId).size() == 1);
    assertThat(injectedSince("wechat", before, "webhookDelayed")).isEqualTo(1);
    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("PAID");
    assertThat(order.path("refunds").isEmpty()).isTrue();
    assertOneKeptPayment(order);
    assertLedgersAgree(orderId);
  }

  @Test
  void withEveryWebhookDroppedTheWorkflowsPollFindsThePayment() {
    fault("alipay", "webhookDropRate", 1.0);
    Map<String, Long> before = faultCounts("alipay");
    String orderId = newOrder("dropped-webhook", "33.30");
    String attemptId = openAttempt(orderId, "alipay");

    customerPays("alipay", attemptId);

    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    assertThat(injectedSince("alipay", before, "webhookDropped")).isEqualTo(1);
    assertThat(inboxRows("alipay", attemptId)).as("no webhook at all").isEmpty();
    assertThat(signals(orderId)).isZero();
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  @Test
  void aRefundWebhookOvertakingItsPaymentWebhookChangesNothing() {
    fault("alipay", "webhookReorder", true);
    Map<String, Long> before = faultCounts("alipay");
    String orderId = newOrder("reordered", "50.00");
    String attemptId = openAttempt(orderId, "alipay");
    customerPays("alipay", attemptId);
    // the payment webhook is held back: payonce's poll finds the payment
    awaitStatus(orderId, "PAID");

    String refundId = uniqueId("r");
    Reply refund = refund(orderId, refundId, "10.00");

    assertOk(refund, 200);
    assertThat(refund.text("status")).isEqualTo("SUCCEEDED");
    await("both webhooks arrive and reach the order")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                inboxRows("alipay", attemptId).stream()
                        .filter(r -> Boolean.TRUE.equals(r.get("delivered")))
                        .count()
                    == 2);
    assertThat(injectedSince("alipay", before, "webhookReordered")).isEqualTo(1);
    assertThat(inboxRows("alipay", attemptId))
        .extracting(r -> r.get("event_type"))
        .containsExactly("REFUND_SUCCEEDED", "PAYMENT_SUCCEEDED");
    assertThat(signals(orderId)).isEqualTo(2);
    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(text(order, "capturedAmount")).isEqualTo("50.00");
    assertThat(text(order, "refundedAmount")).isEqualTo("10.00");
    assertThat(order.path("refunds")).hasSize(1);
    assertOneKeptPayment(order);
    assertLedgersAgree(orderId);
  }

  // ---- create -------------------------------------------------------------------------------

  @Test
  void aFailingCreateAnswers503AndMovesNoMoneyThenPayingAgainWorks() {
    fault("alipay", "createErrorRate", 1.0);
    Map<String, Long> before = faultCounts("alipay");
    String orderId = newOrder("create-error", "21.00");

    Reply failed = pay(orderId, "alipay");

    assertProblem(failed, 503, "channel-unavailable");
    assertThat(failed.body()).as("no internal address leaks").doesNotContain("127.0.0.1");
    assertThat(injectedSince("alipay", before, "createError")).isPositive();
    JsonNode order = getOrder(orderId).json();
    assertThat(order.path("attempts")).hasSize(1);
    JsonNode attempt = order.path("attempts").get(0);
    String attemptId = text(attempt, "attemptId");
    assertThat(text(attempt, "status")).isEqualTo("FAILED");
    assertThat(text(attempt, "note")).contains("create failed");
    assertThat(text(order, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(sandbox("GET", "alipay", "/orders/" + attemptId, null).status())
        .as("nothing was created at the channel")
        .isEqualTo(404);
    assertThat(ledgerLine("alipay", attemptId)).isNull();
    assertNoKeptPayment(order);
    assertLedgersAgree(orderId);

    resetFaults("alipay");
    Reply again = pay(orderId, "alipay");

    assertOk(again, 200);
    assertThat(again.text("status")).isEqualTo("OPEN");
    // the outcome of a 503 is unknown to payonce: it retries the create under the same id
    assertThat(again.text("attemptId")).isEqualTo(attemptId);
    customerPays("alipay", attemptId);
    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  @Test
  void aSlowCreateStillWorks() {
    fault("wechat", "createLatencyMs", 300);
    Map<String, Long> before = faultCounts("wechat");
    String orderId = newOrder("create-latency", "12.00");

    long started = System.nanoTime();
    String attemptId = openAttempt(orderId, "wechat");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(tookMs).as("the pay call waited for the slow create").isGreaterThanOrEqualTo(300);
    assertThat(injectedSince("wechat", before, "createLatency")).isEqualTo(1);
    customerPays("wechat", attemptId);
    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  @Test
  void aCreateThatTimesOutAfterCommitIsRetriedUnderTheSameAttemptId() {
    // the channel creates the order, then holds its answer longer than payonce's 1 s read timeout
    fault("wechat", "createTimeoutAfterCommitRate", 1.0, "timeoutMs", 2000);
    Map<String, Long> before = faultCounts("wechat");
    String orderId = newOrder("create-timeout", "66.60");

    Reply failed = pay(orderId, "wechat");

    assertProblem(failed, 503, "channel-unavailable");
    assertThat(injectedSince("wechat", before, "createTimeoutAfterCommit")).isPositive();
    JsonNode order = getOrder(orderId).json();
    assertThat(order.path("attempts")).hasSize(1);
    String attemptId = text(order.path("attempts").get(0), "attemptId");
    assertThat(text(order.path("attempts").get(0), "status")).isEqualTo("FAILED");
    Reply atChannel = sandbox("GET", "wechat", "/orders/" + attemptId, null);
    assertThat(atChannel.status()).as("the channel did create it: %s", atChannel).isEqualTo(200);
    assertThat(atChannel.text("status")).isEqualTo("WAIT_PAY");
    assertThat(atChannel.text("amount")).isEqualTo("66.60");

    resetFaults("wechat");
    Reply again = pay(orderId, "wechat");

    assertOk(again, 200);
    assertThat(again.text("attemptId"))
        .as("the create was retried idempotently")
        .isEqualTo(attemptId);
    assertThat(again.text("status")).isEqualTo("OPEN");
    // WeChat Pay's prepay answers no transaction_id: the channel knows the attempt by our number
    assertThat(again.text("channelOrderId")).isEqualTo(attemptId);
    assertThat(getOrder(orderId).json().path("attempts")).hasSize(1);
    customerPays("wechat", attemptId);
    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  // ---- close --------------------------------------------------------------------------------

  // on WeChat Pay: an Alipay code nobody scanned is closed by nobody (PaymentFlowApiTest)
  @Test
  void aPaymentOfACancelledOrdersUnhonouredCloseIsRefundedAsLate() {
    fault("wechat", "closeHonored", false);
    Map<String, Long> before = faultCounts("wechat");
    String orderId = newOrder("cancel-not-honored", "45.60");
    String attemptId = openAttempt(orderId, "wechat");

    Reply cancelled = cancel(orderId);

    assertOk(cancelled, 200);
    assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
    assertThat(text(attempt(cancelled.json(), attemptId), "status")).isEqualTo("CLOSED");
    assertThat(injectedSince("wechat", before, "closeNotHonored")).isPositive();
    assertThat(sandbox("GET", "wechat", "/orders/" + attemptId, null).text("status"))
        .as("the channel did not close it")
        .isEqualTo("WAIT_PAY");

    customerPays("wechat", attemptId);

    JsonNode settled =
        awaitOrder(
            orderId,
            "the late payment is refunded",
            v -> "REFUNDED".equals(text(attempt(v, attemptId), "status")));
    assertThat(text(settled, "status")).isEqualTo("CANCELLED");
    JsonNode attempt = attempt(settled, attemptId);
    assertThat(text(attempt, "capturedAmount")).isEqualTo("45.60");
    assertThat(text(attempt, "refundedAmount")).isEqualTo("45.60");
    assertThat(text(attempt, "note")).contains("late payment");
    JsonNode autoRefund = refundOf(settled, "auto-" + attemptId);
    assertThat(autoRefund).as("refunds of %s", settled).isNotNull();
    assertThat(text(autoRefund, "kind")).isEqualTo("AUTOMATIC");
    assertThat(text(autoRefund, "status")).isEqualTo("SUCCEEDED");
    assertThat(text(autoRefund, "amount")).isEqualTo("45.60");
    assertNoKeptPayment(settled);
    assertLedgersAgree(orderId);
    assertThat(text(ledgerLine("wechat", attemptId), "refunded")).isEqualTo("45.60");
  }

  @Test
  void whileTheCustomerIsPayingNeitherSwitchNorCancelIsPossible() {
    Map<String, Long> before = faultCounts("alipay");
    String orderId = newOrder("user-paying", "77.00");
    String attemptId = openAttempt(orderId, "alipay");
    Reply scanned = sandbox("POST", "alipay", "/orders/" + attemptId + "/scan", null);
    assertThat(scanned.status()).as("scan: %s", scanned).isEqualTo(200);

    assertProblem(pay(orderId, "wechat"), 409, "payment-in-progress");
    assertProblem(cancel(orderId), 409, "payment-in-progress");

    assertThat(injectedSince("alipay", before, "closeUserPaying")).isGreaterThanOrEqualTo(2);
    JsonNode waiting = getOrder(orderId).json();
    assertThat(text(waiting, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(waiting.path("attempts")).as("no wechat attempt was opened").hasSize(1);
    assertThat(text(attempt(waiting, attemptId), "status")).isEqualTo("OPEN");

    customerPays("alipay", attemptId);

    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    assertThat(paid.path("attempts")).hasSize(1);
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  // from WeChat Pay: closing an Alipay code nobody scanned calls no close that could time out
  @Test
  void aCloseThatTimesOutBlocksTheSwitchUntilTheChannelAnswers() {
    fault("wechat", "closeTimeoutRate", 1.0, "timeoutMs", 2000);
    Map<String, Long> before = faultCounts("wechat");
    String orderId = newOrder("close-timeout", "19.90");
    String wechatAttempt = openAttempt(orderId, "wechat");

    Reply switched = pay(orderId, "alipay");

    assertProblem(switched, 503, "channel-unavailable");
    assertThat(injectedSince("wechat", before, "closeTimeout")).isPositive();
    JsonNode order = getOrder(orderId).json();
    assertThat(order.path("attempts")).as("no alipay attempt was opened").hasSize(1);
    // payonce never heard the close's answer; its poll may since have seen the channel close it
    assertThat(text(attempt(order, wechatAttempt), "status")).isIn("OPEN", "CLOSED");
    assertThat(text(order, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(sandbox("GET", "wechat", "/orders/" + wechatAttempt, null).text("status"))
        .as("the close did its work before timing out")
        .isEqualTo("CLOSED");

    resetFaults("wechat");
    String alipayAttempt = openAttempt(orderId, "alipay");

    assertThat(alipayAttempt).isNotEqualTo(wechatAttempt);
    assertThat(text(attempt(getOrder(orderId).json(), wechatAttempt), "status"))
        .isEqualTo("CLOSED");
    customerPays("alipay", alipayAttempt);
    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(alipayAttempt);
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  // ---- query --------------------------------------------------------------------------------

  @Test
  void aLaggingQueryDelaysThePaymentButDoesNotLoseIt() {
    fault("wechat", "queryLagMs", 3000);
    Map<String, Long> before = faultCounts("wechat");
    String orderId = newOrder("query-lag", "28.00");
    String attemptId = openAttempt(orderId, "wechat");

    long paidAt = System.nanoTime();
    customerPays("wechat", attemptId);
    // the channel's close already knows (ORDER_PAID) but its query does not yet: payonce cannot
    // confirm the payment, so it neither switches nor cancels
    assertProblem(pay(orderId, "alipay"), 409, "payment-in-progress");
    assertProblem(cancel(orderId), 409, "payment-in-progress");
    assertThat(getOrder(orderId).json().path("attempts")).as("no alipay attempt").hasSize(1);

    JsonNode paid = awaitStatus(orderId, "PAID");
    long tookMs = (System.nanoTime() - paidAt) / 1_000_000;
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    assertThat(tookMs)
        .as("confirmed only once the query told the truth")
        .isGreaterThanOrEqualTo(2900);
    assertThat(injectedSince("wechat", before, "queryLag")).isPositive();
    assertThat(inboxRows("wechat", attemptId)).hasSize(1);
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** payonce's webhook inbox rows for an attempt, oldest first. */
  private List<Map<String, Object>> inboxRows(String channel, String attemptId) {
    return jdbc()
        .sql(
            """
            SELECT event_id, event_type, delivered_at IS NOT NULL AS delivered FROM webhook_inbox
            WHERE channel = :channel AND attempt_id = :attemptId ORDER BY received_at, event_id
            """)
        .param("channel", channel)
        .param("attemptId", attemptId)
        .query()
        .listOfRows();
  }

  /** payonce's own count of webhooks by outcome (accepted, duplicate, ...); 0 before the first. */
  private double webhookOutcomes(String channel, String outcome) {
    Reply metric =
        management(
            "/actuator/metrics/payonce.webhooks?tag=channel:"
                + channel
                + "&tag=outcome:"
                + outcome);
    if (metric.status() == 404) {
      return 0;
    }
    assertThat(metric.status()).as("metric: %s", metric).isEqualTo(200);
    for (JsonNode measurement : metric.json().path("measurements")) {
      if ("COUNT".equals(text(measurement, "statistic"))) {
        return measurement.path("value").asDouble();
      }
    }
    throw new AssertionError("no COUNT in " + metric);
  }
}
