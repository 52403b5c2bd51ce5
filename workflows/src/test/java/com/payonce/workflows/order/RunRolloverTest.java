package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.TIMINGS;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.refundNo;
import static com.payonce.workflows.order.OrderHarness.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import com.payonce.workflows.channel.CreatePayment;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link RunRollover}, issue 10 ("Close the holes"), finding 6's other half: an order's run
 * continues as new, carrying the order over, before the updates or history events of one run
 * approach Temporal's limits (here after a handful, so the tests can see it), and nothing the order
 * knew is lost on the way.
 */
class RunRolloverTest extends OrderWorkflowTestSupport {

  private OrderPaymentWorkflow start(String orderId, RunLimits limits) {
    return h.start(h.checkout(orderId).withLimits(limits));
  }

  private static String runId(OrderPaymentWorkflow order) {
    return WorkflowStub.fromTyped(order).describe().getExecution().getRunId();
  }

  @Test
  void aShopLoopingCancel_continuesAsNew_andTheOrderEndsCancelled() throws Exception {
    OrderPaymentWorkflow order = start("order-cancel-loop", new RunLimits(20, 10_000));
    String firstRun = runId(order);

    for (int i = 0; i < 50; i++) {
      assertThat(order.cancel(new CancelRequest("again")).status())
          .isEqualTo(OrderStatus.CANCELLED);
    }

    assertThat(runId(order)).isNotEqualTo(firstRun);
    assertThat(result(order).status()).isEqualTo(OrderStatus.CANCELLED);
    WorkflowReplayer.replayWorkflowExecution(
        h.client.fetchHistory("order-cancel-loop", firstRun), OrderPaymentWorkflowImpl.class);
  }

  /**
   * Overlapping updates kept a handler running or the lock held, so the run never found a moment to
   * continue: three cancel loops on an order the customer is paying grew one run past 100,000
   * events (a real server terminates a run at 51,200). A full run takes no update (503 order-busy,
   * try again), the running ones finish, and the run continues.
   */
  @Test
  void overlappingCancelLoopsOnAnOrderBeingPaid_stillLetTheRunContinue() throws Exception {
    RunLimits limits = new RunLimits(10, 400);
    OrderPaymentWorkflow order = start("order-cancel-storm", limits);
    String firstRun = runId(order);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerIsPaying(alipay); // every cancel: 409 payment-in-progress
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    ExecutorService loops = Executors.newFixedThreadPool(3);
    for (int t = 0; t < 3; t++) {
      loops.submit(
          () -> {
            for (int i = 0; i < 60; i++) {
              try {
                order.cancel(new CancelRequest("again"));
                answers.merge("CANCELLED", 1, Integer::sum);
              } catch (WorkflowUpdateException e) {
                String type =
                    ((ApplicationFailure) e.getCause()).getOriginalMessage().split(":")[0];
                answers.merge(type, 1, Integer::sum);
              }
            }
          });
    }
    loops.shutdown();
    assertThat(loops.awaitTermination(5, TimeUnit.MINUTES)).isTrue();

    assertThat(answers.keySet()).containsOnly("PAYMENT_IN_PROGRESS", "ORDER_BUSY");
    int runs = 0;
    for (String run = firstRun; run != null; runs++) {
      WorkflowExecutionHistory history = h.client.fetchHistory("order-cancel-storm", run);
      assertThat(history.getEvents().size())
          .as("run %d stays near its limits", runs)
          .isLessThan(limits.eventsPerRun() * 3);
      HistoryEvent last = history.getLastEvent();
      run =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    assertThat(runs).isGreaterThan(3);

    channel.customerStopsPaying(alipay);
    assertThat(order.cancel(new CancelRequest("for real")).status())
        .isEqualTo(OrderStatus.CANCELLED);
  }

  @Test
  void refundsInFlightAndAutomaticRefunds_areCarriedIntoTheNextRuns() throws Exception {
    OrderPaymentWorkflow order = start("order-carried", new RunLimits(5, 10_000));
    String firstRun = runId(order);
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    h.paidWithWebhook(order, wechat);
    // the window runs from the payment, a second (the harness settling) before now
    long windowEnd = h.env.currentTimeMillis() + TIMINGS.latePaymentWindow().toMillis();
    channel.refundAsynchronously();
    h.paidWithWebhook(order, alipay); // a duplicate: its automatic refund is PROCESSING
    h.sleepUntil(windowEnd - 5 * 60_000); // the runs continue late in the window

    for (int i = 0; i < 10; i++) {
      assertThat(order.refund(new RefundRequest("r-" + i, 1, "one fen")).status())
          .isEqualTo(RefundStatus.PROCESSING);
    }
    h.settle();
    assertThat(runId(order)).as("continued as new").isNotEqualTo(firstRun);
    OrderView carried = order.view();
    assertThat(carried.status()).isEqualTo(OrderStatus.PAID);
    assertThat(carried.paidAttemptId()).isEqualTo(wechat);
    assertThat(carried.refunds()).hasSize(11);
    assertThat(order.refund(new RefundRequest("r-3", 1, "one fen")).refundNo())
        .as("a repeated refund id is still the same refund")
        .isEqualTo(refundNo(order, "r-3"));

    channel.completeRefund(alipay, "auto-" + alipay);
    for (int i = 0; i < 10; i++) {
      channel.completeRefund(wechat, refundNo(order, "r-" + i));
    }
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(result.refunds()).allMatch(r -> r.status() == RefundStatus.SUCCEEDED);
    assertThat(attempt(result, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor() - 10);
    assertThat(h.ledgerView()).isEqualTo(result);
    long completedAt =
        Timestamps.toMillis(h.client.fetchHistory("order-carried").getLastEvent().getEventTime());
    assertThat(completedAt)
        .as("the late window is carried, not restarted by the new runs")
        .isBetween(windowEnd - 2_000, windowEnd + TIMINGS.pollMax().toMillis() * 3);
    WorkflowReplayer.replayWorkflowExecution(
        h.client.fetchHistory("order-carried", firstRun), OrderPaymentWorkflowImpl.class);
  }

  /**
   * The v3 soak's one violation: a run continued as new shortly before the late window's end had
   * its first task after the end, and ended at once: a duplicate the customer paid on a tab whose
   * close the channel did not honour, shortly before, with its webhook dropped, stayed captured.
   * Every run now sweeps once the window is over before it ends.
   */
  @Test
  void aRunContinuedPastTheWindowsEnd_stillSweeps_andRefundsADuplicatePaidBeforeIt() {
    long now = h.env.currentTimeMillis();
    Checkout first = h.checkout("order-continued-late");
    for (String[] tab : new String[][] {{"alipay", "kept1"}, {"wechat", "dup1"}}) {
      channel.createPayment(
          new CreatePayment(
              tab[0], tab[1], first.orderId(), first.amount(), "d", first.expiresAtMillis()));
      channel.customerPays(tab[1]);
    }
    ContinuedOrder state =
        new ContinuedOrder(
            new ContinuedOrder.BookState(
                OrderStatus.PAID,
                "kept1",
                7_000,
                2,
                List.of(
                    carried("kept1", "alipay", AttemptStatus.PAID, first.amount().minor(), now),
                    carried("dup1", "wechat", AttemptStatus.CLOSED, 0, now)),
                List.of()),
            List.of(),
            new ContinuedOrder.Clocks(
                true, now - 1_000, 1_000, Long.MAX_VALUE, now, 1_000, Long.MAX_VALUE));

    OrderPaymentWorkflow order = h.start(first.continuedWith(state));

    OrderView result = result(order);
    assertThat(channel.refundedMinor("dup1")).isEqualTo(first.amount().minor());
    assertThat(result.capturedMinor() - result.refundedMinor()).isEqualTo(first.amount().minor());
    assertThat(attempt(result, "dup1").status()).isEqualTo(AttemptStatus.REFUNDED);
  }

  private static ContinuedOrder.AttemptState carried(
      String id, String channelName, AttemptStatus status, long captured, long at) {
    return new ContinuedOrder.AttemptState(
        id,
        channelName,
        at,
        status,
        channelName + "-" + id,
        "https://pay.example/" + id,
        captured,
        0,
        null,
        false,
        false,
        0,
        0);
  }
}
