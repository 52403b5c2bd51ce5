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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The order workflow against channels that do not answer at once: asynchronous refunds, a customer
 * in the middle of paying (the channel refuses to close), a query API that lags behind a payment,
 * and a create whose outcome is unknown. Same harness and the same kind of checks as {@link
 * OrderPaymentWorkflowTest}: what the customer and the shop see, the channel calls, the ledger.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrderPaymentChannelQuirksTest extends OrderWorkflowTestSupport {

  /** Expiry re-checks a paying customer every pollInitial until this long after expiresAt. */
  private static final Duration GRACE = TIMINGS.pollMax().multipliedBy(5);

  // ---- asynchronous refunds -------------------------------------------------------------------

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

  // ---- a customer in the middle of paying -----------------------------------------------------

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

  @Test
  void expiry_whileTheCustomerIsPaying_waits_andAPaymentWithinTheGraceIsKept() {
    Checkout checkout = h.checkout("order-quirk-expiry-paying");
    OrderPaymentWorkflow order = h.start(checkout);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerIsPaying(alipay);

    h.sleepUntil(checkout.expiresAtMillis() + 1000);
    OrderView waiting = order.view();
    assertThat(waiting.status()).as("not expired yet").isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(attempt(waiting, alipay).status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(channel.calls(Op.CLOSE)).hasSize(1);
    assertUpdateFails(() -> order.pay(new PayRequest("wechat")), OrderFailure.ORDER_NOT_PAYABLE);

    // Closed again every pollInitial.
    h.sleepUntil(checkout.expiresAtMillis() + TIMINGS.pollInitial().toMillis() + 1000);
    assertThat(channel.calls(Op.CLOSE)).hasSize(2);
    h.sleepUntil(checkout.expiresAtMillis() + Duration.ofMinutes(3).toMillis());
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);

    channel.customerPays(alipay); // no webhook: the next close finds it paid
    h.env.sleep(TIMINGS.pollInitial().plusSeconds(1));

    OrderView paid = order.view();
    assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
    assertThat(paid.paidAttemptId()).isEqualTo(alipay);
    assertThat(attempt(paid, alipay).status()).isEqualTo(AttemptStatus.PAID);
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("PAID");
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.refunds()).isEmpty();
    assertThat(channel.calls(Op.REFUND)).isEmpty();
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  @Test
  void expiry_whileTheCustomerIsPayingForever_expiresAtTheEndOfTheGrace() {
    Checkout checkout = h.checkout("order-quirk-expiry-grace");
    OrderPaymentWorkflow order = h.start(checkout);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerIsPaying(alipay);
    long graceEnd = checkout.expiresAtMillis() + GRACE.toMillis();

    h.sleepUntil(graceEnd - 1000);
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    int closes = channel.calls(Op.CLOSE).size();
    assertThat(closes)
        .as("a close at expiry, then one every pollInitial")
        .isEqualTo((int) (GRACE.toMillis() / TIMINGS.pollInitial().toMillis()));
    h.sleepUntil(graceEnd + 1000);

    OrderView expired = order.view();
    assertThat(expired.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(expired.paidAttemptId()).isNull();
    assertThat(searchAttributes(order).get(ORDER_STATUS)).isEqualTo("EXPIRED");
    assertThat(channel.calls(Op.CLOSE)).hasSize(closes + 1);

    // The customer finishes paying after all: a late payment, refunded.
    h.paidWithWebhook(order, alipay);
    OrderView late = order.view();
    assertThat(late.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(attempt(late, alipay).status()).isEqualTo(AttemptStatus.REFUNDED);
    assertThat(attempt(late, alipay).note()).contains("late payment");
    assertThat(refund(late, "auto-" + alipay).status()).isEqualTo(RefundStatus.SUCCEEDED);
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.EXPIRED);
    assertThat(channel.calls(Op.REFUND))
        .containsExactly(new Call(Op.REFUND, "alipay", alipay, "auto-" + alipay, AMOUNT.minor()));
    assertThat(channel.customerChargedMinor()).isZero();
    assertThat(h.ledgerView()).isEqualTo(result);
  }

  // ---- a query API that lags behind a payment -------------------------------------------------

  @Test
  void expiry_whenTheCloseSaysPaidButTheQueryLags_waitsForTheConfirmation_andKeepsThePayment() {
    Checkout checkout = h.checkout("order-quirk-expiry-lag");
    OrderPaymentWorkflow order = h.start(checkout);
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    h.sleepUntil(checkout.expiresAtMillis() - 60_000);
    channel.customerPaysWithQueryLag(alipay);
    h.webhookPaid(order, alipay); // the webhook's query still says WAIT_PAY

    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    h.sleepUntil(checkout.expiresAtMillis() + Duration.ofMinutes(2).toMillis());
    OrderView waiting = order.view();
    assertThat(waiting.status())
        .as("paid in time: not expired")
        .isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(attempt(waiting, alipay).status()).isEqualTo(AttemptStatus.OPEN);
    assertThat(channel.calls(Op.CLOSE)).hasSizeGreaterThan(1);

    channel.liftQueryLag(alipay);
    h.env.sleep(TIMINGS.pollInitial().plusSeconds(1));

    OrderView paid = order.view();
    assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
    assertThat(paid.paidAttemptId()).isEqualTo(alipay);
    assertThat(paid.capturedMinor()).isEqualTo(AMOUNT.minor());
    OrderView result = result(order);
    assertThat(result.status()).isEqualTo(OrderStatus.PAID);
    assertThat(result.refunds()).isEmpty();
    assertThat(channel.calls(Op.REFUND)).isEmpty();
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
    assertThat(h.ledgerView()).isEqualTo(result);
  }

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

  // ---- a create whose outcome is unknown ------------------------------------------------------

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
}
