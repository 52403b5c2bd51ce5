package com.payonce.orphan;

import com.payonce.channel.ChannelActivities;
import com.payonce.channel.ChannelPayment;
import com.payonce.channel.ChannelRefundStatus;
import com.payonce.channel.PaymentRef;
import com.payonce.channel.RefundPayment;
import com.payonce.channel.RefundRef;
import com.payonce.ledger.AttemptOwner;
import com.payonce.ledger.LedgerActivities;
import com.payonce.ledger.OrphanRefund;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

public class OrphanPaymentWorkflowImpl implements OrphanPaymentWorkflow {

  /** Same refund number as the order workflow's automatic refund, so the channel refunds once. */
  static final String REFUND_PREFIX = "auto-";
  private static final Duration MAX_WAIT = Duration.ofMinutes(5);
  private static final Logger log = Workflow.getLogger(OrphanPaymentWorkflowImpl.class);

  private final ChannelActivities channel =
      Workflow.newActivityStub(
          ChannelActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
              .build());

  private final LedgerActivities ledger =
      Workflow.newLocalActivityStub(
          LedgerActivities.class,
          LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

  @Override
  public OrphanOutcome settle(OrphanPayment payment) {
    AttemptOwner owner = ledger.findAttemptOwner(payment.attemptId());
    if (owner.kept()) {
      return OrphanOutcome.KEPT_BY_ORDER;
    }
    ChannelPayment status =
        channel.queryPayment(new PaymentRef(payment.channel(), payment.attemptId()));
    if (status.status() != ChannelPayment.Status.PAID) {
      return OrphanOutcome.NOT_PAID;
    }
    long outstanding = status.paid().minor() - status.refundedMinor();
    if (outstanding <= 0) {
      return OrphanOutcome.ALREADY_REFUNDED;
    }
    String refundNo = REFUND_PREFIX + payment.attemptId();
    String reason =
        owner.orderId() == null
            ? "orphan payment: payonce has no order for this attempt"
            : "late payment: order " + owner.orderId() + " had already finished";
    RefundPayment refund =
        new RefundPayment(
            payment.channel(),
            payment.attemptId(),
            refundNo,
            status.paid().withMinor(outstanding),
            reason);
    if (!refundUntilDone(refund)) {
      return OrphanOutcome.REFUND_FAILED;
    }
    ledger.recordOrphanRefund(
        new OrphanRefund(
            payment.channel(),
            payment.attemptId(),
            owner.orderId(),
            refundNo,
            status.paid().withMinor(outstanding),
            reason));
    return OrphanOutcome.REFUNDED;
  }

  /** Waits out an asynchronous refund; the same refund number makes every resend harmless. */
  private boolean refundUntilDone(RefundPayment refund) {
    ChannelRefundStatus status = channel.refundPayment(refund);
    Duration wait = Duration.ofSeconds(5);
    while (status == ChannelRefundStatus.PROCESSING) {
      Workflow.sleep(wait);
      wait = wait.multipliedBy(2).compareTo(MAX_WAIT) < 0 ? wait.multipliedBy(2) : MAX_WAIT;
      status =
          channel.queryRefund(
              new RefundRef(refund.channel(), refund.attemptId(), refund.refundNo()));
      if (status == ChannelRefundStatus.NOT_FOUND) {
        status = channel.refundPayment(refund);
      }
    }
    if (status == ChannelRefundStatus.FAILED) {
      log.error("channel failed orphan refund {}: the money needs an operator", refund.refundNo());
      return false;
    }
    return true;
  }
}
