package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.TIMINGS;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The money promise against a hostile shop, customer and timing: each test is one way an
 * adversarial review broke it (issue "Close the holes"), and checks what the customer is out of at
 * the channel, not only what payonce says.
 */
class OrderPaymentHostileInputsTest extends OrderWorkflowTestSupport {

  /** Finding 1: a shop refund named like a sibling's automatic refund took its number. */
  @Test
  void aShopRefundNamedAutoOfASibling_doesNotStopThatSiblingsDuplicateBeingRefunded() {
    OrderPaymentWorkflow order = h.start("order-refund-takeover");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    h.paidWithWebhook(order, wechat);

    RefundView shops = order.refund(new RefundRequest("auto-" + alipay, 1, "hostile shop"));
    assertThat(shops.attemptId()).isEqualTo(wechat);
    assertThat(shops.refundNo()).isNotEqualTo("auto-" + alipay).matches("[0-9a-f]{32}");
    h.paidWithWebhook(order, alipay); // the customer's old tab, paid after all

    OrderView result = result(order);
    assertThat(channel.refundedMinor(alipay))
        .as("the duplicate went back")
        .isEqualTo(AMOUNT.minor());
    assertThat(channel.refundedMinor(wechat)).isEqualTo(1);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor() - 1);
    assertThat(result.refunds())
        .extracting(
            RefundView::refundId, RefundView::kind, RefundView::attemptId, RefundView::status)
        .containsExactlyInAnyOrder(
            tuple("auto-" + alipay, RefundKind.REQUESTED, wechat, RefundStatus.SUCCEEDED),
            tuple("auto-" + alipay, RefundKind.AUTOMATIC, alipay, RefundStatus.SUCCEEDED));
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  /** Finding 2: a shop refund named like an automatic refund answered with the automatic one. */
  @Test
  void aShopRefundNamedAutoOfARefundedDuplicate_refundsTheKeptPayment() {
    OrderPaymentWorkflow order = h.start("order-refund-alias");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    h.paidWithWebhook(order, wechat);
    h.paidWithWebhook(order, alipay);
    assertThat(channel.refundedMinor(alipay)).isEqualTo(AMOUNT.minor());

    RefundView answer =
        order.refund(new RefundRequest("auto-" + alipay, AMOUNT.minor(), "all of it"));

    assertThat(answer.kind()).isEqualTo(RefundKind.REQUESTED);
    assertThat(answer.attemptId()).isEqualTo(wechat);
    assertThat(answer.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(channel.refundedMinor(wechat))
        .as("what the shop was told is true")
        .isEqualTo(AMOUNT.minor());
    assertThat(channel.customerChargedMinor()).isZero();
    assertThat(result(order).status()).isEqualTo(OrderStatus.REFUNDED);
  }

  /**
   * Finding 3: a create timed out after the channel committed; the customer paid and the orphan
   * workflow refunded it at the channel; the shop's retried pay then confirmed the same capture and
   * the order said PAID on money already returned.
   */
  @Test
  void aCaptureTheChannelAlreadyRefunded_isNeverKept() {
    OrderPaymentWorkflow order = h.start("order-refunded-capture");
    channel.loseCreateAnswersAfterCommit(3); // every try of the pay
    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.CHANNEL_UNAVAILABLE);
    String attemptId = order.view().attempts().get(0).attemptId();
    channel.customerPays(attemptId);
    channel.refundPayment( // as the orphan workflow did
        new RefundPayment("alipay", attemptId, "auto-" + attemptId, AMOUNT, "orphan payment"));

    assertThat(order.pay(new PayRequest("alipay")).attemptId()).isEqualTo(attemptId);
    h.webhookPaid(order, attemptId);

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(view.paidAttemptId()).isNull();
    assertThat(attempt(view, attemptId).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(attempt(view, attemptId).note()).contains("refunded at the channel");
    assertThat(channel.calls(Op.REFUND)).as("nothing refunded twice").hasSize(1);

    String wechat = order.pay(new PayRequest("wechat")).attemptId();
    h.paidWithWebhook(order, wechat);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(wechat);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  /**
   * Finding 4: a duplicate paid as the late window ends, whose callback came but whose query still
   * said WAIT_PAY: the workflow ended and nothing looked again.
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
   * Finding 5: a refund update arriving in the same workflow task as the window's end (the worker
   * is held while the window ends and the refund comes, so both are in the task it then gets): the
   * old workflow ended with the refund's one send unknown, PENDING for ever. Now it is either
   * refused (the order decided to end first: 409 order-closed, nothing at the channel) or accepted
   * and sent until the channel answers, the order kept open meanwhile.
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

  /**
   * The reviewer's follow-up to finding 4: the lag window ran from the callback, so a query API
   * down for longer than it let the order end on the first lagging answer after. It runs from the
   * first answer that did not show the payment.
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
   * Finding 6: every pay was an update and nothing capped them, so a button mashed 2,001 times
   * reached Temporal's per-run update limit and the order took no refund after. Attempts, pay calls
   * and refunds are capped below it, and the order can still be paid and refunded after.
   */
  @Test
  void attemptsAndPayCallsAreCapped_andTheOrderStillPaysAndRefunds() {
    OrderPaymentWorkflow order = h.start("order-button-masher");
    String[] channels = {"alipay", "wechat"};
    for (int i = 0; i < OrderBook.MAX_ATTEMPTS; i++) {
      order.pay(new PayRequest(channels[i % 2]));
    }
    assertThat(order.view().attempts()).hasSize(OrderBook.MAX_ATTEMPTS);
    String last = channels[(OrderBook.MAX_ATTEMPTS - 1) % 2];
    String other = channels[OrderBook.MAX_ATTEMPTS % 2];
    assertUpdateFails(() -> order.pay(new PayRequest(other)), OrderFailure.ATTEMPT_LIMIT_REACHED);

    AttemptView open = order.pay(new PayRequest(last)); // the open attempt, answered again
    for (int i = OrderBook.MAX_ATTEMPTS + 1; i < OrderBook.MAX_PAY_CALLS; i++) {
      order.pay(new PayRequest(last));
    }
    assertUpdateFails(() -> order.pay(new PayRequest(last)), OrderFailure.PAY_LIMIT_REACHED);
    assertThat(channel.calls(Op.CREATE)).hasSize(OrderBook.MAX_ATTEMPTS);

    h.paidWithWebhook(order, open.attemptId());
    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    for (int i = 0; i < OrderRefunds.MAX_REQUESTED; i++) {
      order.refund(new RefundRequest("r-" + i, 1, "one fen"));
    }
    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-too-many", 1, "one fen")),
        OrderFailure.REFUND_NOT_ALLOWED);
    assertThat(channel.refundedMinor(open.attemptId())).isEqualTo(OrderRefunds.MAX_REQUESTED);
  }

  /**
   * Finding 6, history: each ledger snapshot stored the whole order in history, so history grew
   * with the square of the attempts (100 switches: 3,312 events, 1.96 MB on 7246e51). Attempts are
   * capped and snapshots carry what changed: far below Temporal's 4,096-event suggestion.
   */
  @Test
  void aHundredChannelSwitches_keepTheHistorySmall() {
    OrderPaymentWorkflow order = h.start("order-hundred-switches");
    String[] channels = {"alipay", "wechat"};
    String open = null;
    int refused = 0;
    for (int i = 0; i < 100; i++) {
      try {
        open = order.pay(new PayRequest(channels[i % 2])).attemptId();
      } catch (WorkflowUpdateException e) {
        refused++;
      }
    }
    h.paidWithWebhook(order, open);
    result(order);

    WorkflowExecutionHistory history = h.client.fetchHistory("order-hundred-switches");
    System.out.printf(
        "100 switches: %d attempts, %d refused, %d history events, %d bytes%n",
        OrderBook.MAX_ATTEMPTS,
        refused,
        history.getEvents().size(),
        history.getHistory().getSerializedSize());
    assertThat(refused).isEqualTo((100 - OrderBook.MAX_ATTEMPTS) / 2);
    assertThat(history.getEvents().size()).isLessThan(1_500);
    assertThat(history.getHistory().getSerializedSize()).isLessThan(250_000);
  }

  /** Finding 7: a payment at one channel whose number is another channel's attempt id. */
  @Test
  void anEventFromAnotherChannelForThisAttemptsNumber_isIgnored() {
    OrderPaymentWorkflow order = h.start("order-wrong-channel");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();

    order.channelEvent(
        new ChannelEvent(alipay, "evt-wechat-1", ChannelEvent.Type.PAYMENT, "wechat"));
    h.settle();

    assertThat(channel.calls(Op.QUERY)).isEmpty();
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
  }
}
