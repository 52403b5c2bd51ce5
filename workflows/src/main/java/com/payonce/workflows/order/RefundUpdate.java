package com.payonce.workflows.order;

import com.payonce.workflows.ids.PaymentNumbers;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.util.Optional;

/**
 * The shop refunds part or all of the kept payment. Its refund id is its idempotency key: asked
 * again with the same amount it answers the same refund; with another amount it is refused.
 */
final class RefundUpdate {
  private final OrderBook book;
  private final WorkflowLock lock;
  private final OrderGate gate;
  private final RunRollover rollover;
  private final OrderVersions versions;
  private final RefundSender sender;
  private final LedgerRecorder recorder;

  RefundUpdate(
      OrderBook book,
      WorkflowLock lock,
      OrderGate gate,
      RunRollover rollover,
      OrderVersions versions,
      RefundSender sender,
      LedgerRecorder recorder) {
    this.book = book;
    this.lock = lock;
    this.gate = gate;
    this.rollover = rollover;
    this.versions = versions;
    this.sender = sender;
    this.recorder = recorder;
  }

  void validate(RefundRequest request) {
    requireRefundRequest(request);
    gate.requireOpen();
    gate.requireRunNotFull();
    sameOrAllowed(request);
  }

  RefundView handle(RefundRequest request) {
    requireRefundRequest(request);
    boolean ownNumbers = versions.hostileInputs();
    rollover.countUpdate();
    lock.lock();
    try {
      gate.requireOpen();
      Optional<Refund> existing = sameOrAllowed(request);
      if (existing.isPresent()) {
        return existing.get().view();
      }
      // The shop's id is its idempotency key, not the channel's number: the channel dedups on a
      // number the workflow makes, which no shop id can equal (nor another order's, at a channel
      // whose refund numbers are unique merchant-wide).
      String refundNo = ownNumbers ? PaymentNumbers.newRefundNo() : request.refundId();
      Refund refund = book.requestRefund(request, refundNo, Workflow.currentTimeMillis());
      sender.send(refund, Patience.QUICK);
      recorder.record();
      if (refund.status() == RefundStatus.FAILED) {
        throw OrderFailure.REFUND_REJECTED.failure(refund.reason());
      }
      return refund.view();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the refund already made under this id, or throws if this one is not allowed. */
  private Optional<Refund> sameOrAllowed(RefundRequest request) {
    Optional<Refund> existing = book.refunds().requested(request.refundId());
    if (existing.isPresent()) {
      if (existing.get().amountMinor() != request.amountMinor()) {
        throw OrderFailure.REFUND_ID_CONFLICT.failure(
            "refund " + request.refundId() + " was already asked for another amount");
      }
      return existing;
    }
    if (!book.status().paid()) {
      throw OrderFailure.REFUND_NOT_ALLOWED.failure("order is " + book.status() + ", not paid");
    }
    if (versions.hostileInputsRules()
        && book.refunds().requestedCount() >= OrderRefunds.MAX_REQUESTED) {
      throw OrderFailure.REFUND_NOT_ALLOWED.failure(
          "an order takes at most " + OrderRefunds.MAX_REQUESTED + " refunds");
    }
    if (request.amountMinor() > book.refundableMinor()) {
      throw OrderFailure.REFUND_EXCEEDS_REFUNDABLE.failure(
          "refund of "
              + request.amountMinor()
              + " exceeds the refundable "
              + book.refundableMinor()
              + " minor units");
    }
    return Optional.empty();
  }

  private static void requireRefundRequest(RefundRequest request) {
    if (request == null || request.refundId() == null || request.amountMinor() <= 0) {
      throw OrderFailure.INVALID_REQUEST.failure("a refund id and a positive amount are required");
    }
  }
}
