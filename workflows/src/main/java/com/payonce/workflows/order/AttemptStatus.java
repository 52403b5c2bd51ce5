package com.payonce.workflows.order;

public enum AttemptStatus {
  /** The channel order exists and the customer can pay it. */
  OPEN,
  /** Closed at the channel (which a channel may not honor: closed attempts are still watched). */
  CLOSED,
  /** The channel captured money for it: kept if it is the order's paid attempt, else refunded. */
  PAID,
  /** Everything it captured went back to the customer. */
  REFUNDED,
  /** The channel order could not be created (it may still exist at the channel: it is watched). */
  FAILED
}
