package com.payonce.ledger;

import io.temporal.activity.ActivityInterface;

/**
 * payonce's own record of money, in PostgreSQL. Writes are upserts on unique keys, so a retried
 * activity never writes twice; a snapshot never overwrites a newer revision.
 */
@ActivityInterface
public interface LedgerActivities {

  void recordOrder(OrderSnapshot snapshot);

  AttemptOwner findAttemptOwner(String attemptId);

  void recordOrphanRefund(OrphanRefund refund);
}
