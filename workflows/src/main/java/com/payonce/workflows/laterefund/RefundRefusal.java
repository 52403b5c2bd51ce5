package com.payonce.workflows.laterefund;

import io.temporal.failure.ApplicationFailure;

/**
 * Why the ledger refuses a late refund. The names are the order workflow's failure types (and the
 * API's problems), so a refusal reads the same whichever workflow made it.
 */
public enum RefundRefusal {
  REFUND_NOT_ALLOWED,
  REFUND_EXCEEDS_REFUNDABLE,
  REFUND_ID_CONFLICT,
  /** The channel takes no refund this long after the capture (its refund period). */
  REFUND_PERIOD_OVER;

  /** "TYPE: detail", as {@code OrderFailure} spells its failures. */
  public ApplicationFailure failure(String detail) {
    return ApplicationFailure.newNonRetryableFailure(name() + ": " + detail, name());
  }
}
