package com.payonce.workflows.ledger;

import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.operator.NewOperatorItem;
import io.temporal.activity.ActivityInterface;

/**
 * payonce's own record of money, in PostgreSQL. Writes are upserts on unique keys, so a retried
 * activity never writes twice; a snapshot never overwrites a newer revision.
 */
@ActivityInterface
public interface LedgerActivities {

  void recordOrder(OrderSnapshot snapshot);

  /** Channel-blind lookup, kept for orphan runs that recorded it; new code uses findOwnerOf. */
  AttemptOwner findAttemptOwner(String attemptId);

  /**
   * Who owns the attempt at that channel. A merchant order number is unique per channel only: the
   * same number at another channel is not payonce's attempt.
   */
  AttemptOwner findOwnerOf(PaymentRef attempt);

  void recordOrphanRefund(OrphanRefund refund);

  /** Puts a situation in the operator queue (once per key) and tells the order's shop. */
  void raiseOperatorItem(NewOperatorItem item);

  /**
   * An operator's retry ended: the item is RESOLVED by payonce when {@code settled}, else OPEN
   * again; nothing when it was not being retried.
   */
  void endOperatorRetry(String itemKey, boolean settled, String note);
}
