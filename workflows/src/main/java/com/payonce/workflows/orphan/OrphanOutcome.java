package com.payonce.workflows.orphan;

public enum OrphanOutcome {
  /** The attempt is its order's kept payment: the event was a late redelivery. */
  KEPT_BY_ORDER,
  /** The attempt's order is still running: it was given the event and decides what to keep. */
  HANDED_TO_ORDER,
  /** The channel does not confirm a capture: nothing to give back. */
  NOT_PAID,
  /** Everything captured was already refunded (by the order or an earlier orphan run). */
  ALREADY_REFUNDED,
  REFUNDED,
  /** The channel failed the refund for good: the money is still captured and needs an operator. */
  REFUND_FAILED
}
