package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A customer pressing pay again and again: Temporal counts updates per workflow run (2,000 on a
 * real server), so a repeated pay on the channel already open is answered from the workflow's query
 * and spends no update. Counted in the order's history, where each accepted update leaves an
 * UpdateAccepted and an UpdateCompleted event.
 */
class RepeatedPayApiTest extends ApiTestSupport {
  private static final int PRESSES = 25;

  @Test
  void repeatedPaysOnTheOpenChannelSpendNoUpdate() {
    String orderId = uniqueId("mash");
    assertOk(checkout(orderId, "customer-1", "12.00", "CNY"), 201);

    Reply first = pay(orderId, "alipay");
    assertOk(first, 200);
    for (int i = 0; i < PRESSES; i++) {
      Reply again = pay(orderId, "alipay");
      assertOk(again, 200);
      assertThat(again.text("attemptId")).isEqualTo(first.text("attemptId"));
      assertThat(again.text("payUrl")).isEqualTo(first.text("payUrl"));
      assertThat(again.text("status")).isEqualTo("OPEN");
    }
    assertUpdates(orderId, 1);

    // a switch is a change: one update, then its repeats are free again
    Reply wechat = pay(orderId, "wechat");
    assertOk(wechat, 200);
    assertThat(wechat.text("attemptId")).isNotEqualTo(first.text("attemptId"));
    for (int i = 0; i < PRESSES; i++) {
      assertThat(pay(orderId, "wechat").text("attemptId")).isEqualTo(wechat.text("attemptId"));
    }
    assertUpdates(orderId, 2);

    // and the customer still pays the attempt they were given
    customerPays("wechat", wechat.text("attemptId"));
    awaitStatus(orderId, "PAID");
    assertProblem(pay(orderId, "wechat"), 409, "order-already-paid");
  }

  /**
   * Finding 6 on the real server (CI runs this suite against a dev server too): 2,001 presses, one
   * more than a run's updates, then switching channels back and forth until the cap. Before, every
   * press was an update and from the 2,001st on every pay, cancel and refund answered 503.
   */
  @Test
  void pastARunsUpdateLimitAndTheAttemptCap_theOrderStillPaysAndRefunds() throws Exception {
    String orderId = uniqueId("storm");
    assertOk(checkout(orderId, "customer-1", "12.00", "CNY"), 201);
    String first = pay(orderId, "alipay").text("attemptId");
    ExecutorService presses = Executors.newFixedThreadPool(8);
    try {
      List<Future<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 2_001; i++) {
        replies.add(presses.submit(() -> pay(orderId, "alipay")));
      }
      for (Future<Reply> reply : replies) {
        assertOk(reply.get(), 200);
        assertThat(reply.get().text("attemptId")).isEqualTo(first);
      }
    } finally {
      presses.shutdownNow();
    }

    String[] channels = {"wechat", "alipay"};
    Reply last = null;
    int switches = 0;
    Reply refused;
    while (true) {
      Reply reply = pay(orderId, channels[switches % 2]);
      if (reply.status() != 200) {
        refused = reply;
        break;
      }
      last = reply;
      switches++;
    }
    assertProblem(refused, 409, "attempt-limit-reached");
    assertThat(switches).as("attempts opened by switching").isEqualTo(19);

    customerPays(last.text("channel"), last.text("attemptId"));
    awaitStatus(orderId, "PAID");
    Reply refund = refund(orderId, "r-storm", "12.00");
    assertOk(refund, 200);
    assertThat(refund.text("status")).isEqualTo("SUCCEEDED");
    assertThat(count(history(orderId), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .as("updates in the run: the switches and the refund, not the presses")
        .isEqualTo(1 + 19 + 1);
  }

  @Test
  void repeatedCancelsOfACancelledOrderSpendNoUpdate() {
    String orderId = uniqueId("cancel-loop");
    assertOk(checkout(orderId, "customer-1", "12.00", "CNY"), 201);
    for (int i = 0; i < PRESSES; i++) {
      Reply cancelled = cancel(orderId);
      assertOk(cancelled, 200);
      assertThat(cancelled.text("status")).isEqualTo("CANCELLED");
    }
    assertUpdates(orderId, 1);
  }

  private void assertUpdates(String orderId, int expected) {
    List<HistoryEvent> events = history(orderId);
    assertThat(count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .as("updates accepted by order %s", orderId)
        .isEqualTo(expected);
    assertThat(count(events, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED))
        .as("updates completed by order %s", orderId)
        .isEqualTo(expected);
  }
}
