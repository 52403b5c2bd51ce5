package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.refund;
import static com.payonce.workflows.order.OrderHarness.refundNo;
import static com.payonce.workflows.order.OrderHarness.result;
import static com.payonce.workflows.order.OrderHarness.searchAttributes;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.payonce.workflows.order.FakeChannel.Call;
import com.payonce.workflows.order.FakeChannel.Op;
import org.junit.jupiter.api.Test;

/**
 * {@link RefundUpdate}: the shop refunds part or all of the kept payment. The refund id is the
 * shop's idempotency key (the same id and amount is the same refund, another amount a conflict),
 * never more than is refundable, only once paid, and a shop id can neither take nor be answered
 * with an automatic refund's number.
 */
class RefundUpdateTest extends OrderWorkflowTestSupport {

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

  /**
   * Issue 10 ("Close the holes"), finding 1: a shop refund named like a sibling's automatic refund
   * took its number.
   */
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

  /**
   * Issue 10 ("Close the holes"), finding 2: a shop refund named like an automatic refund answered
   * with the automatic one.
   */
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
}
