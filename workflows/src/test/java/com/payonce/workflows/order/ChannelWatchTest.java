package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.refund;
import static com.payonce.workflows.order.OrderHarness.result;
import static com.payonce.workflows.order.OrderHarness.searchAttributes;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.order.FakeChannel.Call;
import com.payonce.workflows.order.FakeChannel.Op;
import org.junit.jupiter.api.Test;

/**
 * {@link ChannelWatch}: only the channel's own query makes a callback true. The first confirmed
 * capture of the order amount is kept and its siblings closed; a duplicate, a capture of another
 * amount or one the channel already refunded is refunded, never kept.
 */
class ChannelWatchTest extends OrderWorkflowTestSupport {

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

  /**
   * Issue 10 ("Close the holes"), finding 3: a create timed out after the channel committed; the
   * customer paid and the orphan workflow refunded it at the channel; the shop's retried pay then
   * confirmed the same capture and the order said PAID on money already returned.
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
}
