package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.TIMINGS;
import static com.payonce.workflows.order.OrderHarness.assertUpdateFails;
import static com.payonce.workflows.order.OrderHarness.attempt;
import static com.payonce.workflows.order.OrderHarness.refund;
import static com.payonce.workflows.order.OrderHarness.result;
import static com.payonce.workflows.order.OrderHarness.searchAttributes;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.order.FakeChannel.Call;
import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AwaitPayment}: the order before it is settled. The open attempt is polled with a doubling
 * delay when its callback does not come, and the order expires when its time is up, but waits (up
 * to a grace period) while the customer is paying or the channel's query lags behind a payment.
 */
class AwaitPaymentTest extends OrderWorkflowTestSupport {

  /** Expiry re-checks a paying customer every pollInitial until this long after expiresAt. */
  private static final Duration GRACE = TIMINGS.pollMax().multipliedBy(5);

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

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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

  @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
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
}
