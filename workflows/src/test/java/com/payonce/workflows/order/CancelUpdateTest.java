package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.result;
import static com.payonce.workflows.order.OrderHarness.searchAttributes;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.order.FakeChannel.Call;
import com.payonce.workflows.order.FakeChannel.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link CancelUpdate}: the shop cancels an unpaid order. Its attempts are closed, a repeated
 * cancel answers the cancelled order, and a customer who has paid or is paying wins over the
 * cancel.
 */
class CancelUpdateTest extends OrderWorkflowTestSupport {

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

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void cancel_whileTheCustomerIsPaying_isRefused_andTheOrderStaysPayable() {
    OrderPaymentWorkflow order = h.start("order-quirk-cancel-paying");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerIsPaying(alipay);

    assertUpdateFails(
        () -> order.cancel(new CancelRequest("customer changed their mind")),
        OrderFailure.PAYMENT_IN_PROGRESS);

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("AWAITING_PAYMENT");
    assertThat(channel.calls(Op.CLOSE))
        .containsExactly(new Call(Op.CLOSE, "alipay", alipay, null, 0));
    assertThat(channel.state(alipay)).isEqualTo(FakeChannel.State.WAIT_PAY);

    // The customer leaves the payment page: cancelling again works.
    channel.customerStopsPaying(alipay);
    OrderView cancelled = order.cancel(new CancelRequest("customer changed their mind"));

    assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(attempt(cancelled, alipay).status()).isEqualTo(AttemptStatus.CLOSED);
    assertThat(channel.state(alipay)).isEqualTo(FakeChannel.State.CLOSED);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(result.refunds()).isEmpty();
    assertThat(channel.calls(Op.REFUND)).isEmpty();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void cancel_whenTheCloseSaysPaidButTheQueryLags_isRefusedAsInProgress_thenPaid() {
    OrderPaymentWorkflow order = h.start("order-quirk-cancel-lag");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPaysWithQueryLag(alipay);

    assertUpdateFails(
        () -> order.cancel(new CancelRequest("too late")), OrderFailure.PAYMENT_IN_PROGRESS);

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(attempt(view, alipay).status()).isEqualTo(AttemptStatus.OPEN);

    channel.liftQueryLag(alipay);
    h.webhookPaid(order, alipay);

    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(alipay);
    assertThat(result.refunds()).isEmpty();
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }
}
