package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.TIMINGS;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.result;
import static com.payonce.workflows.order.OrderHarness.searchAttributes;
import static com.payonce.workflows.order.OrderPaymentWorkflow.CUSTOMER_ID;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static com.payonce.workflows.order.OrderPaymentWorkflow.PAYMENT_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.payonce.workflows.order.FakeChannel.Call;
import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link PayUpdate}: the customer pays. An attempt is opened at the channel and kept once the
 * channel confirms it; a double click answers the open attempt; a switch of channel closes the old
 * attempt first (refused while the customer is paying it, or once it turns out paid); creates that
 * fail, are refused or whose outcome is unknown; pays that come too late; the caps on pay calls and
 * attempts.
 */
class PayUpdateTest extends OrderWorkflowTestSupport {

  @Test
  void happyPath_paymentConfirmedByTheChannelIsKept() {
    OrderPaymentWorkflow order = h.start("order-happy");

    AttemptView attempt = order.pay(new PayRequest("alipay"));
    String id = attempt.attemptId();
    assertThat(attempt.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(attempt.channel()).isEqualTo("alipay");
    assertThat(attempt.payUrl()).isEqualTo("https://pay.example/alipay/" + id);
    assertThat(attempt.channelOrderId()).isEqualTo("alipay-" + id);
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);

    long beforeWebhook = h.env.currentTimeMillis();
    h.paidWithWebhook(order, id);

    OrderView paid = order.view();
    assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
    assertThat(paid.paidAttemptId()).isEqualTo(id);
    assertThat(attempt(paid, id).status()).isEqualTo(AttemptStatus.PAID);
    assertThat(attempt(paid, id).capturedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("PAID");
    assertThat(searchAttributes(order).get(PAYMENT_CHANNEL)).isEqualTo("alipay");
    assertThat(searchAttributes(order).get(CUSTOMER_ID)).isEqualTo("customer-7");

    // Still open for late callbacks until the window (from the payment) has passed, then it
    // returns the order.
    h.env.sleep(TIMINGS.latePaymentWindow().minusMinutes(5));
    assertThat(WorkflowStub.fromTyped(order).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    OrderView result = result(order);
    assertThat(h.env.currentTimeMillis() - beforeWebhook)
        .isGreaterThanOrEqualTo(TIMINGS.latePaymentWindow().toMillis());
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(id);
    assertThat(result.capturedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(result.refundedMinor()).isZero();
    assertThat(result.refunds()).isEmpty();

    // One create, one query (the confirmation of the webhook), nothing else.
    assertThat(channel.calls())
        .containsExactly(
            new Call(Op.CREATE, "alipay", id, null, 0), new Call(Op.QUERY, "alipay", id, null, 0));
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void payAgainOnTheSameChannel_returnsTheOpenAttempt() {
    OrderPaymentWorkflow order = h.start("order-same-channel");

    AttemptView first = order.pay(new PayRequest("alipay"));
    AttemptView again = order.pay(new PayRequest("alipay"));

    assertThat(again.attemptId()).isEqualTo(first.attemptId());
    assertThat(again.payUrl()).isEqualTo(first.payUrl());
    assertThat(order.view().attempts()).hasSize(1);
    assertThat(channel.calls(Op.CREATE)).hasSize(1);
  }

  @Test
  void switchChannel_closesTheOldAttemptAndOpensOneAtTheNewChannel() {
    OrderPaymentWorkflow order = h.start("order-switch");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();

    AttemptView wechat = order.pay(new PayRequest("wechat"));

    assertThat(wechat.attemptId()).isNotEqualTo(alipay);
    assertThat(wechat.channel()).isEqualTo("wechat");
    assertThat(wechat.status()).isEqualTo(AttemptStatus.OPEN);
    OrderView view = order.view();
    assertThat(view.attempts())
        .extracting(AttemptView::attemptId, AttemptView::status)
        .containsExactly(
            tuple(alipay, AttemptStatus.CLOSED), tuple(wechat.attemptId(), AttemptStatus.OPEN));
    assertThat(channel.calls(Op.CLOSE))
        .first()
        .isEqualTo(new Call(Op.CLOSE, "alipay", alipay, null, 0));
    assertThat(channel.state(alipay)).isEqualTo(FakeChannel.State.CLOSED);

    h.paidWithWebhook(order, wechat.attemptId());

    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(searchAttributes(order).get(PAYMENT_CHANNEL)).isEqualTo("wechat");
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(wechat.attemptId());
    assertThat(attempt(result, alipay).status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(result.capturedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(channel.calls(Op.REFUND)).isEmpty();
    assertThat(channel.calls(Op.CREATE))
        .extracting(Call::channel)
        .containsExactly("alipay", "wechat");
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void switchChannel_whenTheCloseRevealsTheOldAttemptWasPaid_keepsItAndRefusesTheSwitch() {
    OrderPaymentWorkflow order = h.start("order-switch-paid");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(alipay); // no webhook yet

    ApplicationFailure failure =
        assertUpdateFails(
            () -> order.pay(new PayRequest("wechat")), OrderFailure.ORDER_ALREADY_PAID);
    assertThat(failure.getOriginalMessage()).contains(alipay);

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.paidAttemptId()).isEqualTo(alipay);
    assertThat(view.attempts()).hasSize(1);
    assertThat(channel.calls())
        .extracting(Call::op, Call::channel, Call::attemptId)
        .containsExactly(
            tuple(Op.CREATE, "alipay", alipay),
            tuple(Op.CLOSE, "alipay", alipay),
            tuple(Op.QUERY, "alipay", alipay));

    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.refunds()).isEmpty();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void switchChannel_whenTheOldAttemptCannotBeClosed_isRefusedAndOpensNothing() {
    OrderPaymentWorkflow order = h.start("order-switch-close-down");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.goDown(Op.CLOSE);

    assertUpdateFails(() -> order.pay(new PayRequest("wechat")), OrderFailure.CHANNEL_UNAVAILABLE);

    assertThat(order.view().attempts())
        .extracting(AttemptView::attemptId, AttemptView::status)
        .containsExactly(tuple(alipay, AttemptStatus.OPEN));
    assertThat(channel.calls(Op.CREATE)).extracting(Call::channel).containsExactly("alipay");

    channel.recover(Op.CLOSE);
    String wechat = order.pay(new PayRequest("wechat")).attemptId();
    assertThat(attempt(order.view(), alipay).status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(attempt(order.view(), wechat).status()).isEqualTo(AttemptStatus.OPEN);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void switchChannel_whileTheCustomerIsPaying_isRefused_thenTheCustomerPays() {
    OrderPaymentWorkflow order = h.start("order-quirk-switch-paying");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerIsPaying(alipay);

    assertUpdateFails(() -> order.pay(new PayRequest("wechat")), OrderFailure.PAYMENT_IN_PROGRESS);

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(view.attempts())
        .extracting(AttemptView::attemptId, AttemptView::channel, AttemptView::status)
        .containsExactly(tuple(alipay, "alipay", AttemptStatus.OPEN));
    assertThat(channel.calls())
        .containsExactly(
            new Call(Op.CREATE, "alipay", alipay, null, 0),
            new Call(Op.CLOSE, "alipay", alipay, null, 0));
    assertThat(channel.state(alipay)).isEqualTo(FakeChannel.State.WAIT_PAY);

    h.paidWithWebhook(order, alipay);

    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(alipay);
    assertThat(result.attempts()).hasSize(1);
    assertThat(result.refunds()).isEmpty();
    assertThat(channel.calls(Op.CREATE)).hasSize(1);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void createPayment_failingTwiceThenWorking_isRetriedWithTheSameAttemptId() {
    OrderPaymentWorkflow order = h.start("order-create-flaky");
    channel.failNext(Op.CREATE, 2);

    AttemptView attempt = order.pay(new PayRequest("alipay"));

    assertThat(attempt.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(attempt.payUrl()).isNotNull();
    assertThat(channel.calls(Op.CREATE))
        .hasSize(3)
        .extracting(Call::attemptId)
        .containsOnly(attempt.attemptId());
    assertThat(order.view().attempts()).hasSize(1);
  }

  @Test
  void createPayment_alwaysFailing_failsThePayAsUnavailable_andTheAttemptIsFailed() {
    OrderPaymentWorkflow order = h.start("order-create-down");
    channel.goDown(Op.CREATE);

    ApplicationFailure failure =
        assertUpdateFails(
            () -> order.pay(new PayRequest("alipay")), OrderFailure.CHANNEL_UNAVAILABLE);
    assertThat(failure.getOriginalMessage()).contains("alipay");

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(view.attempts()).hasSize(1);
    AttemptView failed = view.attempts().get(0);
    assertThat(failed.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(failed.note()).contains("create failed");
    assertThat(channel.calls(Op.CREATE))
        .as("INTERACTIVE: 3 attempts")
        .hasSize(3)
        .extracting(Call::attemptId)
        .containsOnly(failed.attemptId());
    assertThat(h.ledgerView()).isEqualTo(view);

    // The outcome was unknown: paying again at alipay retries the same attempt (same id).
    channel.recover(Op.CREATE);
    AttemptView retried = order.pay(new PayRequest("alipay"));
    assertThat(retried.attemptId()).isEqualTo(failed.attemptId());
    assertThat(retried.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(order.view().attempts()).hasSize(1);
    assertThat(channel.calls(Op.CREATE))
        .hasSize(4)
        .extracting(Call::attemptId)
        .containsOnly(failed.attemptId());
    h.paidWithWebhook(order, retried.attemptId());
    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void createPayment_rejectedByTheChannel_failsThePayAtOnce() {
    OrderPaymentWorkflow order = h.start("order-create-rejected");
    channel.failNext(Op.CREATE, FakeChannel::channelRejected);

    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.CHANNEL_REJECTED);

    assertThat(channel.calls(Op.CREATE)).as("not retried").hasSize(1);
    assertThat(order.view().attempts())
        .extracting(AttemptView::status)
        .containsExactly(AttemptStatus.FAILED);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void createWithAnUnknownOutcome_isRetriedWithTheSameAttemptId_onTheNextPay() {
    OrderPaymentWorkflow order = h.start("order-quirk-create-unknown");
    channel.loseCreateAnswersAfterCommit(3); // every try the update makes

    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.CHANNEL_UNAVAILABLE);

    OrderView failedView = order.view();
    assertThat(failedView.attempts()).hasSize(1);
    AttemptView failed = failedView.attempts().get(0);
    assertThat(failed.status()).isEqualTo(AttemptStatus.FAILED);
    assertThat(failed.note()).contains("create failed");
    assertThat(failed.payUrl()).isNull();
    assertThat(channel.hasOrder(failed.attemptId())).as("the channel has it").isTrue();
    assertThat(channel.calls(Op.CREATE))
        .hasSize(3)
        .containsOnly(new Call(Op.CREATE, "alipay", failed.attemptId(), null, 0));
    assertThat(h.ledgerView()).isEqualTo(failedView);

    AttemptView again = order.pay(new PayRequest("alipay"));

    assertThat(again.attemptId()).isEqualTo(failed.attemptId());
    assertThat(again.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(again.note()).isNull();
    assertThat(again.payUrl()).isEqualTo("https://pay.example/alipay/" + failed.attemptId());
    assertThat(order.view().attempts()).containsExactly(again);
    assertThat(channel.calls(Op.CREATE))
        .hasSize(4)
        .containsOnly(new Call(Op.CREATE, "alipay", failed.attemptId(), null, 0));

    h.paidWithWebhook(order, again.attemptId());
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(failed.attemptId());
    assertThat(result.attempts()).hasSize(1);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void createWithAnUnknownOutcome_thenAnotherChannel_opensANewAttemptThere() {
    OrderPaymentWorkflow order = h.start("order-quirk-create-unknown-other");
    channel.loseCreateAnswersAfterCommit(3);
    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.CHANNEL_UNAVAILABLE);
    String alipay = order.view().attempts().get(0).attemptId();

    AttemptView wechat = order.pay(new PayRequest("wechat"));

    assertThat(wechat.attemptId()).isNotEqualTo(alipay);
    assertThat(wechat.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(order.view().attempts())
        .extracting(AttemptView::attemptId, AttemptView::status)
        .containsExactly(
            tuple(alipay, AttemptStatus.FAILED), tuple(wechat.attemptId(), AttemptStatus.OPEN));
  }

  /**
   * The create's answer was lost, then the channel closed the order under that number (it expired,
   * or a sweep closed it): a retried create is refused as closed, so the pay opens a fresh attempt.
   */
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void createWithAnUnknownOutcome_thenClosedAtTheChannel_theNextPayOpensAFreshAttempt() {
    OrderPaymentWorkflow order = h.start("order-quirk-create-unknown-closed");
    channel.loseCreateAnswersAfterCommit(3);
    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.CHANNEL_UNAVAILABLE);
    String lost = order.view().attempts().get(0).attemptId();
    channel.channelClosesOnItsOwn(lost);

    AttemptView fresh = order.pay(new PayRequest("alipay"));

    assertThat(fresh.attemptId()).isNotEqualTo(lost);
    assertThat(fresh.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(order.view().attempts())
        .extracting(AttemptView::attemptId, AttemptView::status)
        .containsExactly(
            tuple(lost, AttemptStatus.CLOSED), tuple(fresh.attemptId(), AttemptStatus.OPEN));
    h.paidWithWebhook(order, fresh.attemptId());
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(fresh.attemptId());
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  /**
   * The channel closes a new number at once (it keeps expiries to the second, and the order's are
   * nearly up): the pay answers not payable, and opens no second attempt.
   */
  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void aNumberTheChannelClosesAtBirth_isNotPayable_andNothingMoreOpens() {
    OrderPaymentWorkflow order = h.start("order-quirk-closed-at-birth");
    channel.closeOrdersAtBirth();

    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.ORDER_NOT_PAYABLE);

    assertThat(order.view().attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AttemptStatus.CLOSED));
    assertThat(channel.calls(Op.CREATE)).hasSize(1);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void createRefusedByTheChannel_makesANewAttemptOnTheNextPay() {
    OrderPaymentWorkflow order = h.start("order-quirk-create-refused");
    channel.failNext(Op.CREATE, FakeChannel::channelRejected);

    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.CHANNEL_REJECTED);
    AttemptView refused = order.view().attempts().get(0);
    assertThat(refused.status()).isEqualTo(AttemptStatus.FAILED);

    AttemptView next = order.pay(new PayRequest("alipay"));

    assertThat(next.attemptId()).isNotEqualTo(refused.attemptId());
    assertThat(next.status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(order.view().attempts())
        .extracting(AttemptView::attemptId, AttemptView::status)
        .containsExactly(
            tuple(refused.attemptId(), AttemptStatus.FAILED),
            tuple(next.attemptId(), AttemptStatus.OPEN));
    assertThat(channel.calls(Op.CREATE))
        .extracting(Call::attemptId)
        .containsExactly(refused.attemptId(), next.attemptId());
    h.paidWithWebhook(order, next.attemptId());
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(next.attemptId());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void payAfterPaid_isRefusedAsAlreadyPaid() {
    OrderPaymentWorkflow order = h.start("order-pay-twice");
    h.paid(order);

    assertUpdateFails(() -> order.pay(new PayRequest("wechat")), OrderFailure.ORDER_ALREADY_PAID);
    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.ORDER_ALREADY_PAID);

    assertThat(channel.calls(Op.CREATE)).hasSize(1);
    assertThat(order.view().attempts()).hasSize(1);
  }

  @Test
  void payAfterExpiry_isRefusedAsNotPayable() {
    Checkout checkout = h.checkout("order-pay-expired");
    OrderPaymentWorkflow order = h.start(checkout);
    h.sleepUntil(checkout.expiresAtMillis() + 1000);

    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.ORDER_NOT_PAYABLE);

    assertThat(order.view().status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(channel.calls()).isEmpty();
  }

  /**
   * Issue 10 ("Close the holes"), finding 6: every pay was an update and nothing capped them, so a
   * button mashed 2,001 times reached Temporal's per-run update limit and the order took no refund
   * after. Attempts, pay calls and refunds are capped below it, and the order can still be paid and
   * refunded after.
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
   * Issue 10 ("Close the holes"), finding 6, history: each ledger snapshot stored the whole order
   * in history, so history grew with the square of the attempts (100 switches: 3,312 events, 1.96
   * MB on 7246e51). Attempts are capped and snapshots carry what changed: far below Temporal's
   * 4,096-event suggestion.
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
}
