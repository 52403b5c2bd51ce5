package com.payonce.workflows.order;

import io.temporal.failure.ApplicationFailure;

/**
 * Business outcomes an update can end with. The name is the failure type the API maps to an HTTP
 * status, so renaming one is an API change.
 */
public enum OrderFailure {
  ORDER_ALREADY_PAID,
  ORDER_NOT_PAYABLE,
  PAYMENT_IN_PROGRESS,
  REFUND_NOT_ALLOWED,
  REFUND_EXCEEDS_REFUNDABLE,
  REFUND_ID_CONFLICT,
  REFUND_REJECTED,
  CHANNEL_REJECTED,
  CHANNEL_UNAVAILABLE,
  /** The order has opened as many attempts as one order may: a looping client, not a customer. */
  ATTEMPT_LIMIT_REACHED,
  /** The order has taken as many pay calls as one order may (Temporal counts updates per run). */
  PAY_LIMIT_REACHED,
  /** The late-payment window is over: the order takes no more changes. */
  ORDER_CLOSED,
  /** The order's run is full and about to continue as new: try again in a moment. */
  ORDER_BUSY,
  INVALID_REQUEST;

  /**
   * The message starts with the type ("ORDER_ALREADY_PAID: ..."): SDK 1.38.0 replaces the type of a
   * failure thrown by an update validator (fixed upstream by sdk-java #3001), the message stays.
   */
  public ApplicationFailure failure(String message) {
    return ApplicationFailure.newNonRetryableFailure(name() + ": " + message, name());
  }
}
