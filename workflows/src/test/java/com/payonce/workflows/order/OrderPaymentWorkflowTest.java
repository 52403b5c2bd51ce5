package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.TIMINGS;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.refund;
import static com.payonce.workflows.order.OrderHarness.refundNo;
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
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The order workflow against a fake channel on a time-skipping test server. Every test drives it
 * the way the API and the channels do (updates, webhooks as signals, time passing) and checks what
 * a customer or the shop would see: the order, its attempts and refunds, the calls the channel got,
 * the money the customer is out of, and the ledger's copy.
 */
class OrderPaymentWorkflowTest extends OrderWorkflowTestSupport {

  // ---- paying ---------------------------------------------------------------------------------

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

  @Test
  void duplicateSuccess_firstConfirmedIsKept_theOtherIsRefundedInFull() {
    OrderPaymentWorkflow order = h.start("order-duplicate");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.stopHonoringCloses(); // alipay says CLOSED, the customer's tab can still pay it
    String wechat = order.pay(new PayRequest("wechat")).attemptId();
    assertThat(channel.state(alipay)).isEqualTo(FakeChannel.State.WAIT_PAY);

    h.paidWithWebhook(order, wechat);
    assertThat(order.view().paidAttemptId()).isEqualTo(wechat);
    h.paidWithWebhook(order, alipay); // the old tab, paid after all

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.paidAttemptId()).isEqualTo(wechat);
    AttemptView duplicate = attempt(view, alipay);
    assertThat(duplicate.status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(duplicate.capturedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(duplicate.refundedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(duplicate.note()).contains("duplicate payment").contains(wechat);
    RefundView auto = refund(view, "auto-" + alipay);
    assertThat(auto.attemptId()).isEqualTo(alipay);
    assertThat(auto.amountMinor()).isEqualTo(AMOUNT.minor());
    assertThat(auto.kind()).isEqualTo(RefundKind.AUTOMATIC);
    assertThat(auto.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(new Call(Op.REFUND, "alipay", alipay, "auto-" + alipay, AMOUNT.minor()));

    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.capturedMinor()).isEqualTo(2 * AMOUNT.minor());
    assertThat(result.refundedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(result.capturedMinor() - result.refundedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(channel.calls(Op.REFUND)).hasSize(1);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void duplicateSuccess_bothPaidBeforeAnyWebhook_theOtherIsFoundWhenClosedAndRefunded() {
    OrderPaymentWorkflow order = h.start("order-duplicate-silent");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    channel.customerPays(alipay);
    channel.customerPays(wechat);

    h.webhookPaid(order, wechat); // only this webhook ever comes

    OrderView view = order.view();
    assertThat(view.paidAttemptId()).isEqualTo(wechat);
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(new Call(Op.REFUND, "alipay", alipay, "auto-" + alipay, AMOUNT.minor()));
    OrderView result = result(order);
    assertThat(result.capturedMinor() - result.refundedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void wrongAmountCaptured_isRefundedAndTheOrderStaysPayable() {
    OrderPaymentWorkflow order = h.start("order-wrong-amount");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(alipay, AMOUNT.minor() - 1);

    h.webhookPaid(order, alipay);

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(view.paidAttemptId()).isNull();
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(attempt(view, alipay).note()).contains("amount mismatch");
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(
            new Call(Op.REFUND, "alipay", alipay, "auto-" + alipay, AMOUNT.minor() - 1));

    String wechat = order.pay(new PayRequest("wechat")).attemptId();
    h.paidWithWebhook(order, wechat);
    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
  }

  @Test
  void aWebhookAloneNeverPays_theChannelMustConfirmIt() {
    OrderPaymentWorkflow order = h.start("order-fake-webhook");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();

    h.webhookPaid(order, alipay); // the channel still says WAIT_PAY
    h.webhookPaid(order, "not-an-attempt-of-this-order");

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(view.paidAttemptId()).isNull();
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(view.capturedMinor()).isZero();
    assertThat(channel.calls(Op.QUERY))
        .containsExactly(new Call(Op.QUERY, "alipay", alipay, null, 0));
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("AWAITING_PAYMENT");
  }

  @Test
  void lostWebhook_thePollFindsThePayment() {
    OrderPaymentWorkflow order = h.start("order-lost-webhook");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(alipay); // the webhook never comes

    h.env.sleep(TIMINGS.pollInitial().minusSeconds(5));
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    h.env.sleep(Duration.ofSeconds(10));

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.paidAttemptId()).isEqualTo(alipay);
    assertThat(channel.calls(Op.QUERY, alipay)).hasSize(1);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void anOpenAttemptIsPolledWithADoublingDelayUpToPollMax() {
    OrderPaymentWorkflow order = h.start("order-polls");
    AttemptView attempt = order.pay(new PayRequest("alipay"));
    long openedAt = attempt.createdAtMillis();

    // Polls at +15s, +45s, +105s, +225s, +345s, +465s: 15, 30, 60, 120, then capped at 120.
    long[] checkAtSeconds = {10, 20, 50, 110, 230, 350, 470};
    int[] pollsBy = {0, 1, 2, 3, 4, 5, 6};
    for (int i = 0; i < checkAtSeconds.length; i++) {
      h.sleepUntil(openedAt + checkAtSeconds[i] * 1000);
      assertThat(channel.calls(Op.QUERY, attempt.attemptId()))
          .as("polls by +%ds", checkAtSeconds[i])
          .hasSize(pollsBy[i]);
    }
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
  }

  @Test
  void anAttemptTheChannelClosedOnItsOwn_isClosed_andTheOrderCanBePaidAgain() {
    OrderPaymentWorkflow order = h.start("order-channel-closed");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.channelClosesOnItsOwn(alipay);

    h.env.sleep(TIMINGS.pollInitial().plusSeconds(1));

    OrderView view = order.view();
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(h.ledgerView()).as("the ledger knows as soon as the workflow").isEqualTo(view);
    h.env.sleep(TIMINGS.pollMax().multipliedBy(3));
    assertThat(channel.calls(Op.QUERY, alipay)).as("a closed attempt is not polled").hasSize(1);

    String wechat = order.pay(new PayRequest("wechat")).attemptId();
    assertThat(channel.calls(Op.CLOSE)).as("nothing open to close").isEmpty();
    h.paidWithWebhook(order, wechat);
    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
  }

  // ---- expiry ---------------------------------------------------------------------------------

  @Test
  void expiry_closesTheOpenAttempt_andCompletesAfterTheLateWindow() {
    Checkout checkout = h.checkout("order-expiry");
    OrderPaymentWorkflow order = h.start(checkout);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();

    h.sleepUntil(checkout.expiresAtMillis() - 1000);
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(channel.calls(Op.CLOSE)).isEmpty();
    h.sleepUntil(checkout.expiresAtMillis() + 1000);

    OrderView expired = order.view();
    assertThat(expired.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(attempt(expired, alipay).status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(channel.calls(Op.CLOSE))
        .containsExactly(new Call(Op.CLOSE, "alipay", alipay, null, 0));
    assertThat(channel.state(alipay)).isEqualTo(FakeChannel.State.CLOSED);
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("EXPIRED");

    h.sleepUntil(checkout.expiresAtMillis() + TIMINGS.latePaymentWindow().toMillis() - 60_000);
    assertThat(WorkflowStub.fromTyped(order).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    OrderView result = result(order);
    assertThat(h.env.currentTimeMillis())
        .isGreaterThanOrEqualTo(
            checkout.expiresAtMillis() + TIMINGS.latePaymentWindow().toMillis());
    assertThat(result.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(result.capturedMinor()).isZero();
    assertThat(result.refunds()).isEmpty();
    assertThat(channel.calls(Op.REFUND)).isEmpty();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void expiry_withoutAnyAttempt_callsNoChannel() {
    OrderPaymentWorkflow order = h.start("order-expiry-no-attempt");

    OrderView result = result(order);

    assertThat(result.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(result.attempts()).isEmpty();
    assertThat(channel.calls()).isEmpty();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

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

  // ---- cancel ---------------------------------------------------------------------------------

  @Test
  void cancelBeforePayment_closesTheAttempt_andTwiceGivesTheSameOrder() {
    OrderPaymentWorkflow order = h.start("order-cancel");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();

    OrderView cancelled = order.cancel(new CancelRequest("customer changed their mind"));

    assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(attempt(cancelled, alipay).status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(channel.calls(Op.CLOSE))
        .containsExactly(new Call(Op.CLOSE, "alipay", alipay, null, 0));
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("CANCELLED");

    OrderView again = order.cancel(new CancelRequest("double click"));
    assertThat(again).isEqualTo(cancelled);
    assertThat(channel.calls(Op.CLOSE)).hasSize(1);

    assertUpdateFails(() -> order.pay(new PayRequest("alipay")), OrderFailure.ORDER_NOT_PAYABLE);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void cancelWithoutAnyAttempt_cancels() {
    OrderPaymentWorkflow order = h.start("order-cancel-empty");

    assertThat(order.cancel(new CancelRequest(null)).status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(channel.calls()).isEmpty();
  }

  @Test
  void cancelWhenPaid_isRefusedAsAlreadyPaid() {
    OrderPaymentWorkflow order = h.start("order-cancel-paid");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    h.paidWithWebhook(order, alipay);

    assertUpdateFails(
        () -> order.cancel(new CancelRequest("too late")), OrderFailure.ORDER_ALREADY_PAID);

    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(channel.calls(Op.CLOSE)).isEmpty();
  }

  @Test
  void cancelWhenTheCustomerHasJustPaid_keepsThePaymentAndRefusesTheCancel() {
    OrderPaymentWorkflow order = h.start("order-cancel-race");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(alipay); // the webhook is still on its way

    assertUpdateFails(
        () -> order.cancel(new CancelRequest("too late")), OrderFailure.ORDER_ALREADY_PAID);

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.paidAttemptId()).isEqualTo(alipay);
    assertThat(channel.calls(Op.REFUND)).isEmpty();
  }

  // ---- refunds --------------------------------------------------------------------------------

  @Test
  void refunds_partialThenTheRest() {
    OrderPaymentWorkflow order = h.start("order-refunds");
    String alipay = h.paid(order);

    RefundView first = order.refund(new RefundRequest("r-1", 300, "one coffee was cold"));
    assertThat(first.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(first.kind()).isEqualTo(RefundKind.REQUESTED);
    assertThat(first.attemptId()).isEqualTo(alipay);
    assertThat(order.view().status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("PARTIALLY_REFUNDED");

    RefundView rest = order.refund(new RefundRequest("r-2", 700, "the other one too"));
    assertThat(rest.status()).isEqualTo(RefundStatus.SUCCEEDED);
    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(view.refundedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("REFUNDED");
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(
            new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-1"), 300),
            new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-2"), 700));
    assertThat(channel.customerChargedMinor()).isZero();

    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-3", 1, "nothing left")),
        OrderFailure.REFUND_EXCEEDS_REFUNDABLE);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void refund_sameRefundIdTwice_isOneRefund() {
    OrderPaymentWorkflow order = h.start("order-refund-twice");
    h.paid(order);

    RefundView first = order.refund(new RefundRequest("r-1", 300, "cold coffee"));
    RefundView again = order.refund(new RefundRequest("r-1", 300, "cold coffee"));

    assertThat(again).isEqualTo(first);
    assertThat(channel.calls(Op.REFUND)).hasSize(1);
    assertThat(order.view().refunds()).hasSize(1);
    assertThat(order.view().refundedMinor()).isEqualTo(300);
  }

  @Test
  void refund_moreThanRefundable_isRefused() {
    OrderPaymentWorkflow order = h.start("order-refund-too-much");
    h.paid(order);

    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-1", AMOUNT.minor() + 1, "too much")),
        OrderFailure.REFUND_EXCEEDS_REFUNDABLE);
    order.refund(new RefundRequest("r-2", 600, "most of it"));
    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-3", 500, "more than what is left")),
        OrderFailure.REFUND_EXCEEDS_REFUNDABLE);

    assertThat(channel.calls(Op.REFUND))
        .extracting(Call::refundNo)
        .containsExactly(refundNo(order, "r-2"));
    assertThat(order.view().status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
  }

  @Test
  void refund_beforePaid_isNotAllowed() {
    OrderPaymentWorkflow order = h.start("order-refund-unpaid");
    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-1", 100, "nothing paid")),
        OrderFailure.REFUND_NOT_ALLOWED);
    order.pay(new PayRequest("alipay"));
    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-1", 100, "still nothing paid")),
        OrderFailure.REFUND_NOT_ALLOWED);

    assertThat(order.view().refunds()).isEmpty();
    assertThat(channel.calls(Op.REFUND)).isEmpty();
  }

  @Test
  void refund_sameRefundIdWithAnotherAmount_isAConflict() {
    OrderPaymentWorkflow order = h.start("order-refund-conflict");
    h.paid(order);
    order.refund(new RefundRequest("r-1", 300, "cold coffee"));

    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-1", 400, "cold coffee")),
        OrderFailure.REFUND_ID_CONFLICT);

    assertThat(refund(order.view(), "r-1").amountMinor()).isEqualTo(300);
    assertThat(channel.calls(Op.REFUND)).hasSize(1);
  }

  @Test
  void invalidRequests_areRefusedByTheValidators() {
    OrderPaymentWorkflow order = h.start("order-invalid");
    assertUpdateFails(() -> order.pay(new PayRequest(" ")), OrderFailure.INVALID_REQUEST);
    h.paid(order);
    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-1", 0, "zero")), OrderFailure.INVALID_REQUEST);
    assertUpdateFails(
        () -> order.refund(new RefundRequest(null, 100, "no id")), OrderFailure.INVALID_REQUEST);
    assertThat(order.view().refunds()).isEmpty();
  }

  // ---- channel failures and retries -----------------------------------------------------------

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

  @Test
  void refund_whoseOutcomeIsUnknown_staysPending_andIsCompletedWithTheSameRefundId() {
    OrderPaymentWorkflow order = h.start("order-refund-flaky");
    String alipay = h.paid(order);
    channel.failNext(Op.REFUND, 3); // every try the update makes

    RefundView pending = order.refund(new RefundRequest("r-1", 300, "cold coffee"));
    assertThat(pending.status()).isEqualTo(RefundStatus.PENDING);

    h.settle();
    OrderView view = order.view();
    assertThat(refund(view, "r-1").status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(view.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(view.refundedMinor()).isEqualTo(300);
    assertThat(channel.calls(Op.REFUND))
        .hasSize(4)
        .containsOnly(new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-1"), 300));
    assertThat(channel.refundedMinor(alipay)).isEqualTo(300);
    assertThat(order.refund(new RefundRequest("r-1", 300, "cold coffee")).status())
        .isEqualTo(RefundStatus.SUCCEEDED);
    OrderView result = result(order);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void refund_rejectedByTheChannel_failsTheUpdate_andTheAmountIsRefundableAgain() {
    OrderPaymentWorkflow order = h.start("order-refund-rejected");
    h.paid(order);
    channel.failNext(Op.REFUND, FakeChannel::refundRejected);

    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-1", 300, "cold coffee")),
        OrderFailure.REFUND_REJECTED);

    OrderView view = order.view();
    assertThat(refund(view, "r-1").status()).isEqualTo(RefundStatus.FAILED);
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.refundedMinor()).isZero();
    assertThat(channel.calls(Op.REFUND)).as("not retried").hasSize(1);

    RefundView all = order.refund(new RefundRequest("r-2", AMOUNT.minor(), "everything"));
    assertThat(all.status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(order.view().status()).isEqualTo(OrderStatus.REFUNDED);
  }

  // ---- paying when it is too late -------------------------------------------------------------

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
}
