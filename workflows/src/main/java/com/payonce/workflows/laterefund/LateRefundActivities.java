package com.payonce.workflows.laterefund;

import io.temporal.activity.ActivityInterface;

/**
 * The ledger's side of a late refund. Both are idempotent: a retried reservation finds its own row,
 * a retried settlement finds the refund already in that state and changes nothing.
 */
@ActivityInterface
public interface LateRefundActivities {

  /**
   * Holds the amount against the order's caps, in one transaction under the order's row lock, or
   * says why not; a refund already asked for under this id is returned as it is.
   */
  RefundReservation reserveRefund(ReserveRefund request);

  /** Records the channel's answer, with its order events, in one transaction. */
  void settleRefund(SettleRefund settlement);
}
