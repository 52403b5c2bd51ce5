package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import io.temporal.client.WorkflowStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Refunds after the order's workflow has ended (its late-payment window is 30 s here): each runs in
 * a workflow of its own, with the caps, idempotency and events of a refund inside the order. The
 * orders are paid together and waited for once, so the class waits one window, not one per test.
 */
class LateRefundApiTest extends ApiTestSupport {

  /** Paid orders whose workflow has ended, by the test that takes them. */
  @Autowired private PaymentChannels channels;

  private static final Map<String, String> CLOSED = new ConcurrentHashMap<>();

  private static final List<String> USES =
      List.of(
          "success",
          "concurrent",
          "period",
          "early",
          "workflow-id",
          "refused",
          "async",
          "terminated");

  /** The first test pays one order per test, refunds "early" inside its window, waits them out. */
  private synchronized String closedOrder(String use) throws Exception {
    if (CLOSED.isEmpty()) {
      List<String> ids = new ArrayList<>();
      for (String each : USES) {
        String orderId = uniqueId("late-" + each);
        paidOrder(orderId, "10.00");
        ids.add(orderId);
        CLOSED.put(each, orderId);
      }
      assertOk(refund(CLOSED.get("early"), "inside-window", "1.00"), 200);
      for (String orderId : ids) {
        // the window is 30 s: its end, a final sweep, and the workflow completes
        temporal.newUntypedWorkflowStub(orderId).getResult(90, TimeUnit.SECONDS, Object.class);
      }
    }
    return CLOSED.get(use);
  }

  private JsonNode channelLine(String orderId) {
    return ledgerLine("alipay", text(getOrder(orderId).json(), "paidAttemptId"));
  }

  private static JsonNode refundIn(JsonNode order, String refundId) {
    for (JsonNode refund : order.path("refunds")) {
      if (refundId.equals(text(refund, "refundId"))) {
        return refund;
      }
    }
    return null;
  }

  @Test
  void aLateRefundSucceedsAtTheChannel_andShowsInTheOrderAndItsEvents() throws Exception {
    String orderId = closedOrder("success");

    Reply refund = refund(orderId, "return-1", "3.00");

    assertOk(refund, 200);
    assertThat(refund.text("refundId")).isEqualTo("return-1");
    assertThat(refund.text("status")).isEqualTo("SUCCEEDED");
    assertThat(refund.text("refundNo")).matches("[0-9a-f]{32}");
    JsonNode line = channelLine(orderId);
    assertThat(text(line, "refunded")).isEqualTo("3.00");
    assertThat(texts(line.path("refunds"), "refundNo")).containsExactly(refund.text("refundNo"));
    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(text(order, "refundedAmount")).isEqualTo("3.00");
    assertThat(text(refundIn(order, "return-1"), "status")).isEqualTo("SUCCEEDED");
    JsonNode events = api("GET", "/api/v1/orders/" + orderId + "/events", null).json();
    assertThat(texts(events.path("events"), "type"))
        .containsSubsequence("order.paid", "refund.succeeded", "order.partially_refunded");

    // the same refund again: the same answer, nothing more at the channel
    Reply again = refund(orderId, "return-1", "3.00");
    assertOk(again, 200);
    assertThat(again.text("refundNo")).isEqualTo(refund.text("refundNo"));
    assertThat(text(channelLine(orderId), "refunded")).isEqualTo("3.00");
    assertThat(channelLine(orderId).path("refunds").size()).isEqualTo(1);

    assertProblem(refund(orderId, "return-1", "4.00"), 409, "refund-id-conflict");

    // the rest, in a second late refund: the order is refunded in full
    assertOk(refund(orderId, "return-2", "7.00"), 200);
    assertThat(text(channelLine(orderId), "refunded")).isEqualTo("10.00");
    JsonNode full = getOrder(orderId).json();
    assertThat(text(full, "status")).isEqualTo("REFUNDED");
    assertThat(text(full, "refundedAmount")).isEqualTo("10.00");
    assertThat(
            texts(
                api("GET", "/api/v1/orders/" + orderId + "/events", null).json().path("events"),
                "type"))
        .contains("order.refunded");
    assertProblem(refund(orderId, "return-3", "0.01"), 409, "refund-exceeds-refundable");
  }

  @Test
  void twoLateRefundsAtOnceThatTogetherExceedTheCapture_onlyOneSucceeds() throws Exception {
    String orderId = closedOrder("concurrent");
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Reply>> calls = new ArrayList<>();
    for (String refundId : List.of("half-a", "half-b")) {
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return refund(orderId, refundId, "6.00");
              }));
    }
    go.countDown();
    List<Reply> replies = calls.stream().map(CompletableFuture::join).toList();

    assertThat(replies).extracting(Reply::status).containsExactlyInAnyOrder(200, 409);
    Reply refused = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
    assertProblem(refused, 409, "refund-exceeds-refundable");
    assertThat(text(channelLine(orderId), "refunded")).isEqualTo("6.00");
    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "refundedAmount")).isEqualTo("6.00");
    assertThat(order.path("refunds").size()).isEqualTo(1);
  }

  @Test
  void pastTheChannelsRefundPeriod_isRefused_andNothingChanges() throws Exception {
    String orderId = closedOrder("period");
    String attemptId = text(getOrder(orderId).json(), "paidAttemptId");
    // captured 366 days ago, as far as the ledger knows: past Alipay's 365 days
    int moved =
        jdbc()
            .sql(
                "UPDATE payment_attempts SET captured_at = now() - interval '366 days'"
                    + " WHERE attempt_id = :id AND captured_at IS NOT NULL")
            .param("id", attemptId)
            .update();
    assertThat(moved).isEqualTo(1);
    long eventsBefore =
        api("GET", "/api/v1/orders/" + orderId + "/events", null).json().path("events").size();

    assertProblem(refund(orderId, "too-late", "1.00"), 409, "refund-period-over");

    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("PAID");
    assertThat(text(order, "refundedAmount")).isEqualTo("0.00");
    assertThat(order.path("refunds").size()).isZero();
    assertThat(text(channelLine(orderId), "refunded")).isEqualTo("0.00");
    assertThat(
            api("GET", "/api/v1/orders/" + orderId + "/events", null).json().path("events").size())
        .isEqualTo(eventsBefore);
  }

  @Test
  void aRefundAskedInsideTheWindow_isAnsweredTheSameAfterIt() throws Exception {
    String orderId = closedOrder("early");
    Reply again = refund(orderId, "inside-window", "1.00");

    assertOk(again, 200);
    assertThat(again.text("status")).isEqualTo("SUCCEEDED");
    assertThat(channelLine(orderId).path("refunds").size()).isEqualTo(1);
    assertProblem(refund(orderId, "inside-window", "2.00"), 409, "refund-id-conflict");
    // caps count the refund made inside the order: 9.00 is left
    assertProblem(refund(orderId, "after", "9.01"), 409, "refund-exceeds-refundable");
    assertOk(refund(orderId, "after", "9.00"), 200);
    assertThat(text(getOrder(orderId).json(), "status")).isEqualTo("REFUNDED");
  }

  @Test
  void aLateRefundOfAnUnknownOrder_isNotFound() {
    assertProblem(refund(uniqueId("no-such-order"), "r-1", "1.00"), 404, "order-not-found");
  }

  @Test
  void aLateRefundTheChannelRefuses_isFailed_andTheShopIsTold() throws Exception {
    String orderId = closedOrder("refused");
    String attemptId = text(getOrder(orderId).json(), "paidAttemptId");
    // an operator refunded 8.00 at the channel's console: payonce still counts 10.00 refundable
    channels
        .get("alipay")
        .refund(
            new RefundPayment(
                "alipay", attemptId, "console-1", Money.ofDecimal("8.00", "CNY"), "console"));

    assertProblem(refund(orderId, "more-than-left", "5.00"), 409, "refund-rejected");

    JsonNode order = getOrder(orderId).json();
    assertThat(text(refundIn(order, "more-than-left"), "status")).isEqualTo("FAILED");
    assertThat(text(order, "refundedAmount")).isEqualTo("0.00");
    assertThat(text(order, "status")).isEqualTo("PAID");
    assertThat(
            texts(
                api("GET", "/api/v1/orders/" + orderId + "/events", null).json().path("events"),
                "type"))
        .contains("refund.failed")
        .doesNotContain("refund.succeeded");
    // a failed refund holds nothing: what the channel has left can still be refunded
    assertProblem(refund(orderId, "more-than-left", "5.00"), 409, "refund-rejected");
    assertOk(refund(orderId, "what-is-left", "2.00"), 200);
  }

  @Test
  void anAsynchronousLateRefund_isAnsweredProcessing_andWaitedOut() throws Exception {
    String orderId = closedOrder("async");
    Reply change =
        sandbox("PUT", "alipay", "/settings", json("refundAsync", true, "refundDelayMs", 1500));
    assertThat(change.status()).as("%s", change).isEqualTo(200);
    try {
      Reply refund = refund(orderId, "slow", "4.00");

      assertOk(refund, 200);
      assertThat(refund.text("status")).isEqualTo("PROCESSING");
      JsonNode done =
          awaitOrder(
              orderId,
              "the late refund succeeds",
              v -> "SUCCEEDED".equals(text(refundIn(v, "slow"), "status")));
      assertThat(text(done, "refundedAmount")).isEqualTo("4.00");
      assertThat(text(done, "status")).isEqualTo("PARTIALLY_REFUNDED");
      assertThat(text(channelLine(orderId), "refunded")).isEqualTo("4.00");
    } finally {
      assertThat(sandbox("DELETE", "alipay", "/settings", null).status()).isEqualTo(200);
    }
  }

  /** The review's: a refund on its way whose workflow is gone is taken up by the next call. */
  @Test
  void aLateRefundWhoseWorkflowWasTerminated_isTakenUpByTheShopsNextCall() throws Exception {
    String orderId = closedOrder("terminated");
    Reply change =
        sandbox("PUT", "alipay", "/settings", json("refundAsync", true, "refundDelayMs", 3000));
    assertThat(change.status()).as("%s", change).isEqualTo(200);
    try {
      Reply first = refund(orderId, "cut-off", "3.00");
      assertOk(first, 200);
      assertThat(first.text("status")).isEqualTo("PROCESSING");
      temporal
          .newUntypedWorkflowStub("refund/" + orderId + "/cut-off")
          .terminate("an operator's mistake");

      Reply again = refund(orderId, "cut-off", "3.00");

      assertOk(again, 200);
      JsonNode done =
          awaitOrder(
              orderId,
              "the refund is followed to its end again",
              v -> "SUCCEEDED".equals(text(refundIn(v, "cut-off"), "status")));
      assertThat(text(done, "refundedAmount")).isEqualTo("3.00");
      assertThat(text(channelLine(orderId), "refunded")).isEqualTo("3.00"); // once
    } finally {
      assertThat(sandbox("DELETE", "alipay", "/settings", null).status()).isEqualTo(200);
    }
  }

  @Test
  void theLateRefundsWorkflowIdIsTheOrdersAndTheRefundsId() throws Exception {
    String orderId = closedOrder("workflow-id");
    assertOk(refund(orderId, "wf-id", "1.00"), 200);

    WorkflowStub run = temporal.newUntypedWorkflowStub("refund/" + orderId + "/wf-id");
    RefundView end = run.getResult(30, TimeUnit.SECONDS, RefundView.class);
    assertThat(end.refundId()).isEqualTo("wf-id");
    assertThat(end.status()).isEqualTo(RefundStatus.SUCCEEDED);
  }
}
