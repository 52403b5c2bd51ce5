package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox's faults on money itself (asynchronous and failing refunds, a tampered capture) and
 * its seeded replay, through payonce's real API, each checked against the channels' ledgers.
 */
class ChannelMoneyFaultsApiTest extends ChannelFaultsSupport {

  // ---- asynchronous refunds -----------------------------------------------------------------

  @Test
  void anAsynchronousRefundIsProcessingThenSucceeds() {
    fault("alipay", "refundAsync", true, "refundDelayMs", 1000);
    Map<String, Long> before = faultCounts("alipay");
    String orderId = uniqueId("async-refund");
    String attemptId = text(paidOrder(orderId, "60.00"), "paidAttemptId");

    String partialId = uniqueId("r");
    Reply partial = refund(orderId, partialId, "20.00");

    assertOk(partial, 200);
    assertThat(partial.text("status")).isEqualTo("PROCESSING");
    String partialNo = partial.text("refundNo");
    assertThat(partialNo)
        .as("the channel's number is payonce's, not the shop's id")
        .isNotEqualTo(partialId);
    assertThat(
            sandbox("GET", "alipay", "/orders/" + attemptId + "/refunds/" + partialNo, null)
                .text("status"))
        .isEqualTo("PROCESSING");
    JsonNode partly =
        awaitOrder(
            orderId,
            "the partial refund succeeds",
            v -> "SUCCEEDED".equals(text(refundOf(v, partialId), "status")));
    assertThat(text(partly, "status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(text(partly, "refundedAmount")).isEqualTo("20.00");
    assertLedgersAgree(orderId);

    String restId = uniqueId("r");
    Reply rest = refund(orderId, restId, "40.00");

    assertOk(rest, 200);
    assertThat(rest.text("status")).isEqualTo("PROCESSING");
    assertProblem(refund(orderId, uniqueId("r"), "0.01"), 409, "refund-exceeds-refundable");
    JsonNode refunded =
        awaitOrder(
            orderId,
            "the rest is refunded",
            v -> "SUCCEEDED".equals(text(refundOf(v, restId), "status")));
    assertThat(text(refunded, "status")).isEqualTo("REFUNDED");
    assertThat(text(refunded, "refundedAmount")).isEqualTo("60.00");
    assertThat(injectedSince("alipay", before, "refundAsync")).isEqualTo(2);
    assertOneKeptPayment(refunded);
    assertLedgersAgree(orderId);
    assertThat(text(ledgerLine("alipay", attemptId), "refunded")).isEqualTo("60.00");
  }

  /** "Polled in case it is lost": the refund's webhook never comes, the workflow asks. */
  @Test
  void anAsynchronousRefundWhoseWebhookIsLostIsFoundByPolling() {
    fault("alipay", "refundAsync", true, "refundDelayMs", 500, "webhookDropRate", 1.0);
    String orderId = uniqueId("async-refund-lost");
    String attemptId = text(paidOrder(orderId, "31.00"), "paidAttemptId");
    // the shop refunds later, once the settled order waits quietly for late payments
    await("the paid order waits for its late-payment window")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> waitsLongerThan(orderId, Duration.ofSeconds(10)));

    String refundId = uniqueId("r");
    Reply refund = refund(orderId, refundId, "11.00");

    assertOk(refund, 200);
    assertThat(refund.text("status")).isEqualTo("PROCESSING");
    await("the channel completes the refund")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> "11.00".equals(text(ledgerLine("alipay", attemptId), "refunded")));
    // poll-initial is 1 s and poll-max 2 s here: a few seconds is plenty to notice
    JsonNode order =
        awaitOrderWithin(
            Duration.ofSeconds(8),
            orderId,
            "payonce's poll finds the refund done",
            v -> "SUCCEEDED".equals(text(refundOf(v, refundId), "status")));
    assertThat(text(order, "status")).isEqualTo("PARTIALLY_REFUNDED");
    assertOneKeptPayment(order);
    assertLedgersAgree(orderId);
  }

  @Test
  void anAutomaticDuplicateRefundCompletesUnderAsynchronousRefunds() {
    for (String channel : CHANNELS) {
      fault(channel, "closeHonored", false, "refundAsync", true, "refundDelayMs", 1000);
    }
    String orderId = newOrder("async-duplicate", "25.50");
    String alipayAttempt = openAttempt(orderId, "alipay");
    String wechatAttempt = openAttempt(orderId, "wechat");

    customerPays("wechat", wechatAttempt);
    customerPays("alipay", alipayAttempt);

    JsonNode settled =
        awaitOrder(
            orderId,
            "one payment kept, the other refunded once the channel finishes",
            v -> {
              String kept = text(v, "paidAttemptId");
              if (kept == null) {
                return false;
              }
              String other = kept.equals(alipayAttempt) ? wechatAttempt : alipayAttempt;
              JsonNode auto = refundOf(v, "auto-" + other);
              return auto != null && "SUCCEEDED".equals(text(auto, "status"));
            });
    String kept = text(settled, "paidAttemptId");
    String duplicate = kept.equals(alipayAttempt) ? wechatAttempt : alipayAttempt;
    assertThat(text(settled, "status")).isEqualTo("PAID");
    assertThat(text(attempt(settled, duplicate), "status")).isEqualTo("REFUNDED");
    assertThat(text(attempt(settled, duplicate), "note")).contains("duplicate");
    assertThat(text(refundOf(settled, "auto-" + duplicate), "kind")).isEqualTo("AUTOMATIC");
    assertOneKeptPayment(settled);
    assertLedgersAgree(orderId);
    String duplicateChannel = duplicate.equals(alipayAttempt) ? "alipay" : "wechat";
    assertThat(text(ledgerLine(duplicateChannel, duplicate), "refunded")).isEqualTo("25.50");
  }

  // ---- failing refunds ----------------------------------------------------------------------

  /**
   * A 500 or a 429 (the channel's rate limit) leaves the outcome unknown: sent again, not failed.
   */
  @ParameterizedTest
  @CsvSource({"refundFailureRate, refundFailure", "refundThrottleRate, refundThrottled"})
  void aRefundTheChannelFailsIsPendingAndCompletedOnceTheChannelRecovers(
      String setting, String fault) {
    String orderId = uniqueId("refund-failure");
    String attemptId = text(paidOrder(orderId, "70.00"), "paidAttemptId");
    fault("alipay", setting, 1.0);
    Map<String, Long> before = faultCounts("alipay");

    String refundId = uniqueId("r");
    Reply refund = refund(orderId, refundId, "15.00");

    // payonce does not know whether the channel refunded: 200 with the refund still PENDING
    assertOk(refund, 200);
    assertThat(refund.text("status")).isEqualTo("PENDING");
    assertThat(refund.text("amount")).isEqualTo("15.00");
    assertThat(injectedSince("alipay", before, fault)).isPositive();
    assertThat(text(ledgerLine("alipay", attemptId), "refunded")).isEqualTo("0.00");

    resetFaults("alipay");

    JsonNode done =
        awaitOrder(
            orderId,
            "payonce sends the refund again and it succeeds",
            v -> "SUCCEEDED".equals(text(refundOf(v, refundId), "status")));
    assertThat(text(done, "status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(text(done, "refundedAmount")).isEqualTo("15.00");
    Reply repeated = refund(orderId, refundId, "15.00");
    assertOk(repeated, 200);
    assertThat(repeated.text("status")).isEqualTo("SUCCEEDED");
    assertOneKeptPayment(getOrder(orderId).json());
    assertLedgersAgree(orderId);
    assertThat(text(ledgerLine("alipay", attemptId), "refunded"))
        .as("refunded once, not once per try")
        .isEqualTo("15.00");
    Reply atChannel =
        sandbox(
            "GET",
            "alipay",
            "/orders/" + attemptId + "/refunds/" + repeated.text("refundNo"),
            null);
    assertThat(atChannel.text("status")).isEqualTo("SUCCEEDED");
    assertThat(atChannel.text("amount")).isEqualTo("15.00");
  }

  // ---- a tampered capture -------------------------------------------------------------------

  @Test
  void aCaptureOfTheWrongAmountIsRefundedAndNotKept() {
    fault("alipay", "amountTamperRate", 1.0);
    Map<String, Long> before = faultCounts("alipay");
    String orderId = newOrder("tamper", "20.00");
    String attemptId = openAttempt(orderId, "alipay");

    Reply paidAtChannel = sandbox("POST", "alipay", "/orders/" + attemptId + "/pay", null);
    assertThat(paidAtChannel.status()).as("sandbox pay: %s", paidAtChannel).isEqualTo(200);

    JsonNode order =
        awaitOrder(
            orderId,
            "the wrong capture is refunded",
            v -> "REFUNDED".equals(text(attempt(v, attemptId), "status")));
    assertThat(injectedSince("alipay", before, "amountTamper")).isEqualTo(1);
    assertThat(text(order, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(text(order, "paidAttemptId")).isNull();
    JsonNode attempt = attempt(order, attemptId);
    assertThat(text(attempt, "note")).contains("amount mismatch");
    assertThat(text(attempt, "capturedAmount")).isEqualTo("19.99");
    assertThat(text(attempt, "refundedAmount")).isEqualTo("19.99");
    JsonNode autoRefund = refundOf(order, "auto-" + attemptId);
    assertThat(text(autoRefund, "status")).isEqualTo("SUCCEEDED");
    assertThat(text(autoRefund, "amount")).isEqualTo("19.99");
    JsonNode line = ledgerLine("alipay", attemptId);
    assertThat(text(line, "captured")).isEqualTo("19.99");
    assertThat(text(line, "refunded")).isEqualTo(text(line, "captured"));
    assertNoKeptPayment(order);
    assertLedgersAgree(orderId);

    // the customer can still pay the order, correctly this time
    resetFaults("alipay");
    String wechatAttempt = openAttempt(orderId, "wechat");
    customerPays("wechat", wechatAttempt);
    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(wechatAttempt);
    assertOneKeptPayment(paid);
    assertLedgersAgree(orderId);
  }

  // ---- seeded replay ------------------------------------------------------------------------

  /**
   * The same seed and the same calls make the same fault decisions: two runs of N payments through
   * payonce with webhookDropRate 0.5 drop the same webhooks, and exactly the ones the seed says.
   */
  @Test
  void theSameSeedDropsTheSameWebhooks() {
    long seed = 7;
    int payments = 6;
    List<Boolean> expected = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < payments; i++) {
      expected.add(random.nextDouble() < 0.5); // one draw per payment: its webhook's drop
    }
    assertThat(expected).as("seed %d drops some and keeps some", seed).contains(true, false);

    SeededRun first = seededRun(seed, payments);
    SeededRun second = seededRun(seed, payments);

    assertThat(second.dropped()).isEqualTo(first.dropped());
    assertThat(second.faultDeltas()).isEqualTo(first.faultDeltas());
    assertThat(first.dropped()).isEqualTo(expected);
    assertThat(first.faultDeltas().get("webhookDropped"))
        .isEqualTo(expected.stream().filter(d -> d).count());
  }

  private record SeededRun(List<Boolean> dropped, Map<String, Long> faultDeltas) {}

  private SeededRun seededRun(long seed, int payments) {
    fault("alipay", "webhookDropRate", 0.5, "seed", seed); // reseeds the channel's random source
    Map<String, Long> before = faultCounts("alipay");
    List<String> orders = new ArrayList<>();
    List<String> attempts = new ArrayList<>();
    for (int i = 0; i < payments; i++) {
      String orderId = newOrder("seeded", (10 + i) + ".00");
      String attemptId = openAttempt(orderId, "alipay");
      customerPays("alipay", attemptId);
      orders.add(orderId);
      attempts.add(attemptId);
    }
    for (String orderId : orders) {
      assertOneKeptPayment(awaitStatus(orderId, "PAID"));
      assertLedgersAgree(orderId);
    }
    Map<String, Long> after = faultCounts("alipay");
    Map<String, Long> deltas = new LinkedHashMap<>();
    after.forEach((kind, count) -> deltas.put(kind, count - before.getOrDefault(kind, 0L)));
    long delivered = payments - deltas.get("webhookDropped");
    await("the webhooks not dropped arrive")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> attempts.stream().filter(this::hasWebhook).count() == delivered);
    List<Boolean> dropped = attempts.stream().map(a -> !hasWebhook(a)).toList();
    resetFaults("alipay");
    return new SeededRun(dropped, deltas);
  }

  private boolean hasWebhook(String attemptId) {
    return jdbc()
            .sql("SELECT count(*) FROM webhook_inbox WHERE channel = 'alipay' AND attempt_id = :a")
            .param("a", attemptId)
            .query(Long.class)
            .single()
        > 0;
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** True when the workflow's latest timer is longer than {@code atLeast}: it is parked on it. */
  private boolean waitsLongerThan(String orderId, Duration atLeast) {
    List<HistoryEvent> events = history(orderId);
    for (int i = events.size() - 1; i >= 0; i--) {
      HistoryEvent event = events.get(i);
      if (event.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED) {
        return event.getTimerStartedEventAttributes().getStartToFireTimeout().getSeconds()
            >= atLeast.toSeconds();
      }
    }
    return false;
  }

  private JsonNode awaitOrderWithin(
      Duration deadline, String orderId, String description, Predicate<JsonNode> condition) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await(description)
        .atMost(deadline)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Reply reply = getOrder(orderId);
              assertOk(reply, 200);
              last.set(reply.json());
              assertThat(condition.test(reply.json()))
                  .as("%s; view: %s", description, reply)
                  .isTrue();
            });
    return last.get();
  }
}
