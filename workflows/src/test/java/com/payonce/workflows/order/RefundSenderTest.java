package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.TIMINGS;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.refund;
import static com.payonce.workflows.order.OrderHarness.refundNo;
import static com.payonce.workflows.order.OrderHarness.result;
import static com.payonce.workflows.order.OrderHarness.searchAttributes;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.util.Timestamps;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.order.FakeChannel.Call;
import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RefundSender}: refunds are sent until the channel gives a final answer (an unknown outcome
 * is sent again with the same refund number), a refusal or a FAILED answer frees the amount, and
 * asynchronous refunds (PROCESSING) are followed by callback and by a doubling poll to SUCCEEDED or
 * FAILED, sent again if the channel lost them.
 */
class RefundSenderTest extends OrderWorkflowTestSupport {

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

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void aRefundTheChannelAnswersFailed_isFailed_notSucceeded() {
    OrderPaymentWorkflow order = h.start("order-refund-answered-failed");
    h.paid(order);
    channel.answerRefundsFailed();

    assertUpdateFails(
        () -> order.refund(new RefundRequest("r-1", 300, "cold coffee")),
        OrderFailure.REFUND_REJECTED);

    OrderView view = order.view();
    assertThat(refund(view, "r-1").status()).isEqualTo(RefundStatus.FAILED);
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.refundedMinor()).isZero();
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(view);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void asyncRequestedRefund_isProcessingUntilTheRefundWebhook_thenSucceeds() {
    OrderPaymentWorkflow order = h.start("order-async-refund");
    String alipay = h.paid(order);
    channel.refundAsynchronously();

    RefundView first = order.refund(new RefundRequest("r-1", 300, "one coffee was cold"));

    assertThat(first.status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(first.attemptId()).isEqualTo(alipay);
    assertThat(first.kind()).isEqualTo(RefundKind.REQUESTED);
    OrderView processing = order.view();
    assertThat(processing.status()).as("no money back yet").isEqualTo(OrderStatus.PAID);
    assertThat(processing.refundedMinor()).isZero();
    assertThat(refund(processing, "r-1").status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(order.refund(new RefundRequest("r-1", 300, "one coffee was cold")))
        .as("asked again: the same refund, not sent again")
        .isEqualTo(first);
    assertThat(channel.calls(Op.REFUND)).hasSize(1);

    // A refund webhook for this attempt before the channel is done: checked, still PROCESSING.
    h.webhookRefunded(order, alipay, "evt-refund-early");
    assertThat(refund(order.view(), "r-1").status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(channel.calls(Op.QUERY_REFUND))
        .containsExactly(new Call(Op.QUERY_REFUND, "alipay", alipay, refundNo(order, "r-1"), 0));

    channel.completeRefund(alipay, refundNo(order, "r-1"));
    h.webhookRefunded(order, alipay, "evt-refund-1");

    OrderView partly = order.view();
    assertThat(refund(partly, "r-1").status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(partly.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(partly.refundedMinor()).isEqualTo(300);
    assertThat(attempt(partly, alipay).refundedMinor()).isEqualTo(300);
    assertThat(channel.calls(Op.QUERY_REFUND)).hasSize(2);
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("PARTIALLY_REFUNDED");
    assertThat(h.ledgerView()).isEqualTo(partly);

    // The rest, asynchronous too: only 700 is left, and it is held while PROCESSING.
    assertThat(order.refund(new RefundRequest("r-2", 700, "the rest")).status())
        .isEqualTo(RefundStatus.PROCESSING);
    OrderHarness.assertUpdateFails(
        () -> order.refund(new RefundRequest("r-3", 1, "more")),
        OrderFailure.REFUND_EXCEEDS_REFUNDABLE);
    channel.completeRefund(alipay, refundNo(order, "r-2"));
    h.webhookRefunded(order, alipay, "evt-refund-2");

    OrderView refunded = order.view();
    assertThat(refunded.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(refunded.refunds())
        .extracting(RefundView::refundId, RefundView::amountMinor, RefundView::status)
        .containsExactly(
            tuple("r-1", 300L, RefundStatus.SUCCEEDED), tuple("r-2", 700L, RefundStatus.SUCCEEDED));
    assertThat(attempt(refunded, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("REFUNDED");

    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(result.refundedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(
            new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-1"), 300),
            new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-2"), 700));
    assertThat(channel.customerChargedMinor()).isZero();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void asyncRefund_whoseWebhookIsLost_isFoundByThePoll_withADoublingDelay() {
    OrderPaymentWorkflow order = h.start("order-async-refund-poll");
    String alipay = h.paid(order);
    channel.refundAsynchronously();
    long askedAt = h.env.currentTimeMillis();

    assertThat(order.refund(new RefundRequest("r-1", AMOUNT.minor(), "all of it")).status())
        .isEqualTo(RefundStatus.PROCESSING);

    // Checks at +15s, then +45s (15, then 30): the first still finds it PROCESSING.
    h.sleepUntil(askedAt + TIMINGS.pollInitial().toMillis() - 5_000);
    assertThat(channel.calls(Op.QUERY_REFUND)).as("no check before pollInitial").isEmpty();
    h.sleepUntil(askedAt + TIMINGS.pollInitial().toMillis() + 5_000);
    assertThat(channel.calls(Op.QUERY_REFUND))
        .as("checked once pollInitial has passed, without any webhook")
        .containsExactly(new Call(Op.QUERY_REFUND, "alipay", alipay, refundNo(order, "r-1"), 0));
    assertThat(refund(order.view(), "r-1").status()).isEqualTo(RefundStatus.PROCESSING);

    channel.completeRefund(alipay, refundNo(order, "r-1")); // and the webhook never comes
    h.sleepUntil(askedAt + 40_000);
    assertThat(channel.calls(Op.QUERY_REFUND)).as("the delay doubled").hasSize(1);
    h.sleepUntil(askedAt + 50_000);

    OrderView view = order.view();
    assertThat(channel.calls(Op.QUERY_REFUND)).hasSize(2);
    assertThat(refund(view, "r-1").status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(view.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(view.refundedMinor()).isEqualTo(AMOUNT.minor());
    h.env.sleep(TIMINGS.pollMax().multipliedBy(3));
    assertThat(channel.calls(Op.QUERY_REFUND)).as("a finished refund is not polled").hasSize(2);

    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(
            new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-1"), AMOUNT.minor()));
    assertThat(channel.customerChargedMinor()).isZero();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void asyncRefund_thatTheChannelLost_isSentAgainWithTheSameRefundNumber() {
    OrderPaymentWorkflow order = h.start("order-async-refund-lost");
    String alipay = h.paid(order);
    channel.refundAsynchronously();
    assertThat(order.refund(new RefundRequest("r-1", 400, "two cold coffees")).status())
        .isEqualTo(RefundStatus.PROCESSING);

    channel.loseRefund(alipay, refundNo(order, "r-1"));
    h.webhookRefunded(order, alipay, "evt-refund-1"); // checked: NOT_FOUND, so sent again

    assertThat(channel.calls(Op.REFUND))
        .containsExactly(
            new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-1"), 400),
            new Call(Op.REFUND, "alipay", alipay, refundNo(order, "r-1"), 400));
    assertThat(channel.refundStatus(alipay, refundNo(order, "r-1")))
        .isEqualTo(ChannelRefundStatus.PROCESSING);
    assertThat(refund(order.view(), "r-1").status()).isEqualTo(RefundStatus.PROCESSING);

    channel.completeRefund(alipay, refundNo(order, "r-1"));
    h.env.sleep(TIMINGS.pollInitial().plusSeconds(1)); // no webhook: the poll finds it

    OrderView view = order.view();
    assertThat(refund(view, "r-1").status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(view.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(view.refundedMinor()).isEqualTo(400);
    assertThat(channel.refundedMinor(alipay)).isEqualTo(400);
    assertThat(channel.calls(Op.REFUND)).as("sent twice, refunded once").hasSize(2);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor() - 400);
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void asyncRefund_failedByTheChannel_isFailed_andTheAmountIsRefundableAgain() {
    OrderPaymentWorkflow order = h.start("order-async-refund-failed");
    String alipay = h.paid(order);
    channel.refundAsynchronously();
    order.refund(new RefundRequest("r-1", 300, "cold coffee"));

    channel.failRefund(alipay, refundNo(order, "r-1"));
    h.webhookRefunded(order, alipay, "evt-refund-1");

    OrderView view = order.view();
    assertThat(refund(view, "r-1").status()).isEqualTo(RefundStatus.FAILED);
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.refundedMinor()).isZero();
    assertThat(order.refund(new RefundRequest("r-2", AMOUNT.minor(), "all of it")).status())
        .as("the failed 300 is refundable again")
        .isEqualTo(RefundStatus.PROCESSING);
    channel.completeRefund(alipay, refundNo(order, "r-2"));
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.REFUNDED);
    assertThat(channel.customerChargedMinor()).isZero();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void asyncAutomaticRefundOfADuplicate_keepsTheWorkflowOpenUntilItCompletes() {
    OrderPaymentWorkflow order = h.start("order-async-duplicate");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    String alipay = tabs.alipay();
    String wechat = tabs.wechat();
    channel.refundAsynchronously();
    h.paidWithWebhook(order, wechat);
    long paidAt = h.env.currentTimeMillis();
    h.paidWithWebhook(order, alipay); // the old tab, paid after all

    OrderView view = order.view();
    assertThat(view.status()).isEqualTo(OrderStatus.PAID);
    assertThat(view.paidAttemptId()).isEqualTo(wechat);
    RefundView auto = refund(view, "auto-" + alipay);
    assertThat(auto.kind()).isEqualTo(RefundKind.AUTOMATIC);
    assertThat(auto.amountMinor()).isEqualTo(AMOUNT.minor());
    assertThat(auto.status()).isEqualTo(RefundStatus.PROCESSING);
    assertThat(attempt(view, alipay).status()).as("not refunded yet").isEqualTo(AttemptStatus.PAID);
    assertThat(attempt(view, alipay).note()).contains("duplicate payment");

    // The late-payment window passes while the channel is still refunding: the order stays open.
    h.sleepUntil(
        paidAt + TIMINGS.latePaymentWindow().toMillis() + TIMINGS.pollMax().toMillis() * 3);
    assertThat(WorkflowStub.fromTyped(order).describe().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(refund(order.view(), "auto-" + alipay).status()).isEqualTo(RefundStatus.PROCESSING);
    int checks = channel.calls(Op.QUERY_REFUND).size();
    assertThat(checks).as("polled, at most every pollMax, over the hour").isBetween(30, 40);
    assertThat(channel.calls(Op.QUERY_REFUND))
        .containsOnly(new Call(Op.QUERY_REFUND, "alipay", alipay, "auto-" + alipay, 0));

    channel.completeRefund(alipay, "auto-" + alipay);
    long completedAt = h.env.currentTimeMillis();
    OrderView result = result(order);

    long completedWorkflowAt =
        Timestamps.toMillis(
            h.client.fetchHistory("order-async-duplicate").getLastEvent().getEventTime());
    assertThat(completedWorkflowAt - completedAt)
        .as("completes at the next check")
        .isBetween(0L, TIMINGS.pollMax().toMillis());
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.paidAttemptId()).isEqualTo(wechat);
    assertThat(refund(result, "auto-" + alipay).status()).isEqualTo(RefundStatus.SUCCEEDED);
    assertThat(attempt(result, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(result.capturedMinor()).isEqualTo(2 * AMOUNT.minor());
    assertThat(result.refundedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(new Call(Op.REFUND, "alipay", alipay, "auto-" + alipay, AMOUNT.minor()));
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
    assertThat(h.client.fetchHistory("order-async-duplicate").getEvents())
        .as("waiting on the refund does not spin")
        .hasSizeLessThan(600);
  }
}
