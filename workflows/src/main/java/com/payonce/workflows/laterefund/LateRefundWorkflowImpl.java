package com.payonce.workflows.laterefund;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import com.payonce.workflows.ids.PaymentNumbers;
import com.payonce.workflows.order.Backoff;
import com.payonce.workflows.order.BusinessMeters;
import com.payonce.workflows.order.OrderFailure;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Reserves the refund in the ledger (where the caps of every late refund of the order meet), sends
 * it once with the patience the shop's call allows, answers the shop, then follows it to SUCCEEDED
 * or FAILED with the same refund number, which the channel dedups on. The channel calls and their
 * retries are the order workflow's ({@code OrderActivities}).
 */
public class LateRefundWorkflowImpl implements LateRefundWorkflow {
  private static final Logger log = Workflow.getLogger(LateRefundWorkflowImpl.class);

  /** How long an asynchronous refund is waited for between two questions, at most. */
  private static final Duration CHECK_MAX = Duration.ofMinutes(5);

  /** The shop waits for this one: a few quick tries, then the refund is answered PENDING. */
  private final ChannelActivities quick =
      Workflow.newActivityStub(
          ChannelActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofMillis(200))
                      .setMaximumInterval(Duration.ofSeconds(2))
                      .setMaximumAttempts(3)
                      .build())
              .build());

  private final ChannelActivities untilDone =
      Workflow.newActivityStub(
          ChannelActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(15))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  /** Cheap idempotent ledger writes: a local activity, retried until the database is back. */
  private final LateRefundActivities ledger =
      Workflow.newLocalActivityStub(
          LateRefundActivities.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
              .build());

  private final LateRefund request;
  private RefundReservation reservation;
  private RefundView refund; // the refund as the workflow knows it now
  private boolean answered; // the shop's call can be answered

  @WorkflowInit
  public LateRefundWorkflowImpl(LateRefund refund) {
    this.request = refund;
  }

  @Override
  public RefundView run(LateRefund ignored) {
    reservation =
        ledger.reserveRefund(
            new ReserveRefund(
                request.orderId(),
                request.refundId(),
                PaymentNumbers.newRefundNo(),
                request.amountMinor(),
                request.reason(),
                Workflow.currentTimeMillis()));
    if (reservation.refusal() != null) {
      answered = true;
      Workflow.await(Workflow::isEveryHandlerFinished);
      return null;
    }
    refund = reservation.refund();
    if (refund.status() == RefundStatus.PENDING) {
      send(quick);
    }
    answered = true;
    Backoff checks = new Backoff(Duration.ofSeconds(5), CHECK_MAX);
    while (!isFinal(refund.status())) {
      if (refund.status() == RefundStatus.PENDING) {
        send(untilDone);
      }
      if (!isFinal(refund.status())) {
        continueAsNewIfSuggested();
        Workflow.sleep(checks.delay());
        checks.grow();
        if (refund.status() == RefundStatus.PROCESSING) {
          askChannel();
        }
      }
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    return refund;
  }

  /**
   * A refund the channel keeps PROCESSING for weeks would grow the history past Temporal's limits:
   * the next run reserves again, which returns this same row (and its number), and follows it.
   */
  private void continueAsNewIfSuggested() {
    if (Workflow.getInfo().isContinueAsNewSuggested()) {
      Workflow.await(Workflow::isEveryHandlerFinished);
      Workflow.continueAsNew(request);
    }
  }

  @Override
  public void validateAnswer(LateRefund call) {
    if (call == null
        || !request.orderId().equals(call.orderId())
        || !request.refundId().equals(call.refundId())
        || call.amountMinor() <= 0) {
      throw OrderFailure.INVALID_REQUEST.failure(
          "a call for this order and refund id with a positive amount is required");
    }
  }

  @Override
  public RefundView answer(LateRefund call) {
    Workflow.await(() -> answered);
    if (reservation.refusal() != null) {
      if (call.amountMinor() == request.amountMinor()) {
        throw reservation.refusal().failure(reservation.detail());
      }
      // nothing was reserved for the other amount: the next run decides on this one
      throw OrderFailure.ORDER_BUSY.failure(
          "refund " + call.refundId() + " is being asked for another amount; try again");
    }
    if (refund.amountMinor() != call.amountMinor()) {
      throw OrderFailure.REFUND_ID_CONFLICT.failure(
          "refund " + call.refundId() + " was already asked for another amount");
    }
    if (refund.status() == RefundStatus.FAILED) {
      throw OrderFailure.REFUND_REJECTED.failure(refund.reason());
    }
    return refund;
  }

  @Override
  public RefundView view() {
    return refund;
  }

  /** On an unknown outcome the refund stays PENDING and is sent again with the same number. */
  private void send(ChannelActivities channel) {
    ChannelRefundStatus status;
    try {
      status =
          channel.refundPayment(
              new RefundPayment(
                  reservation.channel(),
                  refund.attemptId(),
                  refund.refundNo(),
                  reservation.amount(),
                  refund.reason()));
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure failure && failure.isNonRetryable()) {
        log.error("channel refused late refund {}: {}", refund.refundId(), failure.getMessage());
        settle(RefundStatus.FAILED, failure.getOriginalMessage());
      } else {
        log.info("late refund {} outcome unknown, will send again", refund.refundId());
      }
      return;
    }
    switch (status) {
      case PROCESSING -> settle(RefundStatus.PROCESSING, null);
      case FAILED -> settle(RefundStatus.FAILED, "the channel failed the refund");
      case NOT_FOUND -> {} // never an answer to a refund; sent again
      case SUCCEEDED -> settle(RefundStatus.SUCCEEDED, null);
    }
  }

  private void askChannel() {
    ChannelRefundStatus status;
    try {
      status =
          untilDone.queryRefund(
              new RefundRef(reservation.channel(), refund.attemptId(), refund.refundNo()));
    } catch (ActivityFailure e) {
      log.info("query of late refund {} failed, will ask again", refund.refundId());
      return;
    }
    switch (status) {
      case SUCCEEDED -> settle(RefundStatus.SUCCEEDED, null);
      case FAILED -> settle(RefundStatus.FAILED, "the channel failed the refund");
      case NOT_FOUND -> refund = withStatus(RefundStatus.PENDING, null); // lost: send again
      case PROCESSING -> {}
    }
  }

  private void settle(RefundStatus status, String why) {
    if (status == RefundStatus.FAILED) {
      BusinessMeters.count(BusinessMeters.FAILED_REFUNDS, "kind", "requested");
    }
    refund = withStatus(status, why);
    ledger.settleRefund(new SettleRefund(request.orderId(), refund.refundId(), status, why));
  }

  private RefundView withStatus(RefundStatus status, String why) {
    return new RefundView(
        refund.refundId(),
        refund.attemptId(),
        refund.amountMinor(),
        status,
        refund.kind(),
        why == null ? refund.reason() : why,
        refund.createdAtMillis(),
        refund.refundNo());
  }

  private static boolean isFinal(RefundStatus status) {
    return status == RefundStatus.SUCCEEDED || status == RefundStatus.FAILED;
  }
}
