package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.TIMINGS;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.refund;
import static com.payonce.workflows.order.OrderHarness.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.order.FakeChannel.Call;
import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link LateWindow}: after the order is settled, payments may still come (a close the channel did
 * not honour, a second tab, a customer paying after expiry). They are found by callback or by the
 * sweeps and refunded; an attempt the channel confirmed closed is not swept again; a payment the
 * channel signed but its query does not show yet keeps the order open; and a refund arriving as the
 * window ends is either refused or sent until the channel answers.
 */
class LateWindowTest extends OrderWorkflowTestSupport {

  @Test
  void lateSuccessAfterExpiry_isRefundedAutomatically_andTheOrderStaysExpired() {
    Checkout checkout = h.checkout("order-late");
    OrderPaymentWorkflow order = h.start(checkout);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.stopHonoringCloses();
    h.sleepUntil(checkout.expiresAtMillis() + 1000);
    assertThat(order.view().status()).isEqualTo(OrderStatus.EXPIRED);

    h.paidWithWebhook(order, alipay); // the customer's tab was still open

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(view.paidAttemptId()).isNull();
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(attempt(view, alipay).note()).contains("late payment").contains("EXPIRED");
    RefundView auto = refund(view, "auto-" + alipay);
    assertThat(auto.kind()).isEqualTo(RefundKind.AUTOMATIC);
    assertThat(auto.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(new Call(Op.REFUND, "alipay", alipay, "auto-" + alipay, AMOUNT.minor()));

    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(channel.customerChargedMinor()).isZero();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void lateSuccessAfterExpiry_withoutWebhook_isFoundByTheSweepAndRefunded() {
    Checkout checkout = h.checkout("order-late-silent");
    OrderPaymentWorkflow order = h.start(checkout);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.stopHonoringCloses();
    h.sleepUntil(checkout.expiresAtMillis() + 1000);
    channel.customerPays(alipay); // and no webhook ever comes

    h.env.sleep(TIMINGS.pollMax().plusSeconds(5));

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(refund(view, "auto-" + alipay).status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(channel.customerChargedMinor()).isZero();
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void switchedOrder_theOldAttemptTheChannelConfirmsClosedIsAskedOnceInTheLateWindow() {
    OrderPaymentWorkflow order = h.start("order-cost-switch");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    String wechat = order.pay(new PayRequest("wechat")).attemptId();
    h.paidWithWebhook(order, wechat);

    OrderView result = result(order);

    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(wechat);
    assertThat(channel.calls(Op.QUERY, alipay))
        .as("queries of the closed alipay attempt")
        .hasSize(1);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
  }

  @Test
  void switchedOrder_whoseCloseWasNotHonoured_isStillSwept_andALatePaymentFoundAndRefunded() {
    OrderPaymentWorkflow order = h.start("order-cost-switch-lying");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    h.paidWithWebhook(order, wechat);
    h.env.sleep(TIMINGS.pollMax().multipliedBy(8)); // several sweeps find it still payable
    channel.customerPays(alipay); // the old tab, late, and no webhook ever comes

    OrderView result = result(order);

    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(refund(result, "auto-" + alipay).status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(channel.calls(Op.QUERY, alipay).size()).isGreaterThan(3);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void cancelWhoseCloseFailed_theSweepClosesTheAttempt_soNoneIsLeftOpen() {
    OrderPaymentWorkflow order = h.start("order-cancel-close-failed");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.failNext(Op.CLOSE, 3); // every try of the cancel's close times out

    OrderView cancelled = order.cancel(new CancelRequest(null));

    assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(OrderHarness.attempt(cancelled, alipay).status()).isEqualTo(AttemptStatus.OPEN);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(OrderHarness.attempt(result, alipay).status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(channel.state(alipay)).isEqualTo(FakeChannel.State.CLOSED);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  /**
   * Issue 10 ("Close the holes"), finding 4: a duplicate paid as the late window ends, whose
   * callback came but whose query still said WAIT_PAY: the workflow ended and nothing looked again.
   */
  @Test
  void aDuplicatePaidAsTheWindowEnds_withALaggingQuery_isWaitedForAndRefunded() {
    OrderPaymentWorkflow order = h.start("order-late-lagging-duplicate");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    h.paidWithWebhook(order, wechat);
    long windowEnd = h.env.currentTimeMillis() + TIMINGS.latePaymentWindow().toMillis();

    h.sleepUntil(windowEnd - 30_000);
    channel.customerPaysWithQueryLag(alipay);
    h.webhookPaid(order, alipay);
    h.sleepUntil(windowEnd + Duration.ofMinutes(3).toMillis());
    assertThat(WorkflowStub.fromTyped(order).describe().getStatus())
        .as("still waiting for the channel's query to show the payment it signed")
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    channel.liftQueryLag(alipay);
    OrderView result = result(order);
    assertThat(attempt(result, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(channel.calls(Op.QUERY, alipay).size())
        .as("asked again with a doubling delay, not every poll")
        .isBetween(3, 10);
  }

  /**
   * Issue 10 ("Close the holes"), the reviewer's follow-up to finding 4: the lag window ran from
   * the callback, so a query API down for longer than it let the order end on the first lagging
   * answer after. It runs from the first answer that did not show the payment.
   */
  @Test
  void aDuplicateWhoseQueryIsDownThenLags_isStillWaitedFor() {
    OrderPaymentWorkflow order = h.start("order-query-down-then-lagging");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    h.paidWithWebhook(order, tabs.wechat());
    long windowEnd = h.env.currentTimeMillis() + TIMINGS.latePaymentWindow().toMillis();
    h.sleepUntil(windowEnd - 30_000);
    channel.goDown(Op.QUERY);
    channel.customerPaysWithQueryLag(tabs.alipay());
    h.webhookPaid(order, tabs.alipay());

    h.sleepUntil(windowEnd + Duration.ofMinutes(15).toMillis());
    channel.recover(Op.QUERY); // back, but its replica still lags
    h.sleepUntil(windowEnd + Duration.ofMinutes(20).toMillis());
    assertThat(WorkflowStub.fromTyped(order).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    channel.liftQueryLag(tabs.alipay());
    OrderView result = result(order);
    assertThat(attempt(result, tabs.alipay()).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
  }

  /**
   * Issue 10 ("Close the holes"), finding 5: a refund update arriving in the same workflow task as
   * the window's end (the worker is held while the window ends and the refund comes, so both are in
   * the task it then gets): the old workflow ended with the refund's one send unknown, PENDING for
   * ever. Now it is either refused (the order decided to end first: 409 order-closed, nothing at
   * the channel) or accepted and sent until the channel answers, the order kept open meanwhile.
   */
  @Test
  void aRefundArrivingWithTheWindowsEnd_isRefusedOrSentUntilTheChannelAnswers() throws Exception {
    OrderPaymentWorkflow order = h.start("order-refund-at-window-end");
    String alipay = h.paid(order);
    // (the window runs from the payment, a second before now: the harness settles after it)
    long windowEnd = h.env.currentTimeMillis() + TIMINGS.latePaymentWindow().toMillis();
    h.sleepUntil(windowEnd - 30_000);
    channel.goDown(Op.REFUND);

    h.worker.suspendPolling();
    h.sleepUntil(windowEnd + 1_000);
    CompletableFuture<RefundView> refund =
        CompletableFuture.supplyAsync(
            () -> order.refund(new RefundRequest("r-late", 100, "a late return")));
    Thread.sleep(500); // the update reaches the server before the worker polls again
    h.worker.resumePolling();

    RefundView accepted;
    try {
      accepted = refund.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException refused) {
      assertThat(refused.getCause())
          .isInstanceOfAny(WorkflowUpdateException.class, WorkflowNotFoundException.class);
      assertThat(result(order).refunds()).isEmpty();
      assertThat(channel.calls(Op.REFUND)).isEmpty();
      return;
    }
    assertThat(accepted.status()).isEqualTo(RefundStatus.PENDING);
    h.sleepUntil(windowEnd + Duration.ofMinutes(10).toMillis());
    assertThat(WorkflowStub.fromTyped(order).describe().getStatus())
        .as("a refund whose send is unknown keeps the order open")
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    channel.recover(Op.REFUND);
    OrderView result = result(order);
    assertThat(result.refunds())
        .extracting(RefundView::status)
        .containsExactly(RefundStatus.SUCCEEDED);
    assertThat(channel.refundedMinor(alipay)).isEqualTo(100);
  }
}
