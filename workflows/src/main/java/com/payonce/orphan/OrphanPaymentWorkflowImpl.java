package com.payonce.orphan;

import com.payonce.channel.ChannelActivities;
import com.payonce.channel.ChannelPayment;
import com.payonce.channel.PaymentRef;
import com.payonce.channel.RefundPayment;
import com.payonce.ledger.AttemptOwner;
import com.payonce.ledger.LedgerActivities;
import com.payonce.ledger.OrphanRefund;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class OrphanPaymentWorkflowImpl implements OrphanPaymentWorkflow {

  /** Same refund number as the order workflow's automatic refund, so the channel refunds once. */
  static final String REFUND_PREFIX = "auto-";

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
    channel.refundPayment(
        new RefundPayment(
            payment.channel(),
            payment.attemptId(),
            refundNo,
            status.paid().withMinor(outstanding),
            reason));
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
}
