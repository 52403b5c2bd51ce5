package com.payonce.workflows.orphan;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import com.payonce.workflows.ids.PaymentNumbers;
import com.payonce.workflows.ledger.AttemptOwner;
import com.payonce.workflows.ledger.LedgerActivities;
import com.payonce.workflows.ledger.OrphanRefund;
import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.order.Backoff;
import com.payonce.workflows.order.BusinessMeters;
import com.payonce.workflows.order.ChannelEvent;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import com.payonce.workflows.order.PaymentTimings;
import com.payonce.workflows.order.WorkflowChanges;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.SignalExternalWorkflowExecutionFailedCause;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

public class OrphanPaymentWorkflowImpl implements OrphanPaymentWorkflow {

  private static final Duration REFUND_WAIT_MAX = Duration.ofMinutes(5);

  /** How the SDK reports a signal to a workflow id with no open run (closed, or never started). */
  private static final String NO_RUNNING_WORKFLOW =
      SignalExternalWorkflowExecutionFailedCause
          .SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND
          .name();

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
    OrphanOutcome outcome = outcome(payment);
    if (payment.refundRound() > 0) { // an operator's retry: only runs started since take this
      boolean settled =
          outcome == OrphanOutcome.REFUNDED || outcome == OrphanOutcome.ALREADY_REFUNDED;
      ledger.endOperatorRetry(
          NewOperatorItem.refundFailedKey(payment.channel(), payment.attemptId()),
          settled,
          "the retry ended " + outcome);
    }
    BusinessMeters.count(BusinessMeters.ORPHANS, "outcome", outcome.name().toLowerCase());
    return outcome;
  }

  private OrphanOutcome outcome(OrphanPayment payment) {
    PaymentRef ref = new PaymentRef(payment.channel(), payment.attemptId());
    AttemptOwner owner =
        Workflow.getVersion(WorkflowChanges.ORPHAN_OWNER_AT_CHANNEL, Workflow.DEFAULT_VERSION, 1)
                >= 1
            ? ledger.findOwnerOf(ref)
            : ledger.findAttemptOwner(payment.attemptId());
    if (owner.kept()) {
      return OrphanOutcome.KEPT_BY_ORDER;
    }
    boolean handOff =
        Workflow.getVersion(WorkflowChanges.ORPHAN_HAND_OFF, Workflow.DEFAULT_VERSION, 1) >= 1;
    // an operator's retry of a refund the order already gave up on: the order would not send it
    boolean mayHandOff = handOff && payment.refundRound() == 0;
    if (mayHandOff && handedToRunningOrder(owner, payment)) {
      return OrphanOutcome.HANDED_TO_ORDER;
    }
    ChannelPayment status = channel.queryPayment(ref);
    if (status.status() != ChannelPayment.Status.PAID
        && Workflow.getVersion(WorkflowChanges.ORPHAN_LAGGING_QUERY, Workflow.DEFAULT_VERSION, 1)
            >= 1) {
      status = awaitLaggingQuery(ref, status);
    }
    if (status.status() != ChannelPayment.Status.PAID) {
      return OrphanOutcome.NOT_PAID;
    }
    long outstanding = status.paid().minor() - status.refundedMinor();
    if (outstanding <= 0) {
      return OrphanOutcome.ALREADY_REFUNDED;
    }
    if (handOff && owner.orderId() == null) {
      // The ledger may have learnt of the attempt meanwhile: an order records an attempt once the
      // channel answers its create, and this payment's webhook may have come before that answer.
      owner = ledger.findOwnerOf(ref);
      if (owner.kept()) {
        return OrphanOutcome.KEPT_BY_ORDER;
      }
      if (mayHandOff && handedToRunningOrder(owner, payment)) {
        return OrphanOutcome.HANDED_TO_ORDER;
      }
    }
    String refundNo = PaymentNumbers.automaticRefundNo(payment.attemptId(), payment.refundRound());
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
      if (Workflow.getVersion(WorkflowChanges.ORPHAN_OPERATOR_ITEM, Workflow.DEFAULT_VERSION, 1)
          >= 1) {
        raiseRefusedRefund(refund, owner.orderId());
      }
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

  /**
   * The channel signed a PAYMENT_SUCCEEDED for this attempt, but its query API may lag behind its
   * callbacks (eventual consistency): a payment it does not show yet is asked for again, with a
   * doubling wait, for up to {@link PaymentTimings#QUERY_LAG_WINDOW}. Only a CLOSED order is taken
   * at its word at once (it can no longer be paid). Before this, one lagging answer ended the
   * orphan as NOT_PAID and the late payment was never refunded.
   */
  private ChannelPayment awaitLaggingQuery(PaymentRef ref, ChannelPayment status) {
    long deadline = Workflow.currentTimeMillis() + PaymentTimings.QUERY_LAG_WINDOW.toMillis();
    Backoff wait = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1));
    while (status.status() != ChannelPayment.Status.PAID
        && status.status() != ChannelPayment.Status.CLOSED
        && Workflow.currentTimeMillis() < deadline) {
      Workflow.sleep(wait.delay());
      wait.grow();
      status = channel.queryPayment(ref);
    }
    if (status.status() != ChannelPayment.Status.PAID) {
      log.warn("the channel never showed attempt {} as paid; nothing to refund", ref.attemptId());
    }
    return status;
  }

  /**
   * An order whose workflow still runs may keep this very capture: refunding behind its back would
   * let the shop ship an order whose money went back. So it gets the event, and decides. Only a
   * finished (or unknown) order leaves the refund to the orphan.
   */
  private boolean handedToRunningOrder(AttemptOwner owner, OrphanPayment payment) {
    if (owner.orderId() == null) {
      return false;
    }
    try {
      Workflow.newExternalWorkflowStub(OrderPaymentWorkflow.class, owner.orderId())
          .channelEvent(
              new ChannelEvent(
                  payment.attemptId(),
                  payment.eventId(),
                  ChannelEvent.Type.PAYMENT,
                  payment.channel()));
      return true;
    } catch (ApplicationFailure e) {
      if (!NO_RUNNING_WORKFLOW.equals(e.getType())) {
        throw e;
      }
      log.info(
          "order {} has finished: the orphan refunds {}", owner.orderId(), payment.attemptId());
      return false;
    }
  }

  /** The money stays captured: a person must give it back (or retry with a new number). */
  private void raiseRefusedRefund(RefundPayment refund, String orderId) {
    ledger.raiseOperatorItem(
        new NewOperatorItem(
            NewOperatorItem.refundFailedKey(refund.channel(), refund.attemptId()),
            OperatorReason.REFUND_FAILED,
            orderId,
            refund.channel(),
            refund.attemptId(),
            refund.refundNo(),
            "the channel refused for good to refund "
                + refund.amount().toDecimal()
                + " "
                + refund.amount().currency()
                + " ("
                + refund.reason()
                + ")"));
    // after the item: an attribute the cluster lacks fails this task, never the item
    Workflow.upsertTypedSearchAttributes(
        OperatorReason.NEEDS_ATTENTION.valueSet(OperatorReason.REFUND_FAILED.name()));
  }

  /** Waits out an asynchronous refund; the same refund number makes every resend harmless. */
  private boolean refundUntilDone(RefundPayment refund) {
    ChannelRefundStatus status = channel.refundPayment(refund);
    Backoff wait = new Backoff(Duration.ofSeconds(5), REFUND_WAIT_MAX);
    while (status == ChannelRefundStatus.PROCESSING) {
      Workflow.sleep(wait.delay());
      wait.grow();
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
