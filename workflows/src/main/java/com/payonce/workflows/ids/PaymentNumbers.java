package com.payonce.workflows.ids;

import io.temporal.workflow.Workflow;

/**
 * The numbers payonce gives the channels. No number the shop or a channel chooses can take one:
 * attempt and shop-refund numbers are made by the workflow, automatic refund numbers are named
 * after the attempt they return.
 */
public final class PaymentNumbers {
  private static final String AUTOMATIC_REFUND_PREFIX = "auto-";

  private PaymentNumbers() {}

  /**
   * The refund of a payment the order does not keep. The order workflow and the orphan workflow use
   * the same number for the same attempt, so the channel refunds it once.
   */
  public static String automaticRefundNo(String attemptId) {
    return AUTOMATIC_REFUND_PREFIX + attemptId;
  }

  /**
   * The automatic refund an operator asked again after the channel refused {@link
   * #automaticRefundNo}: a channel refuses a number for good, so each retry needs its own.
   */
  public static String automaticRefundNo(String attemptId, int round) {
    return round == 0 ? automaticRefundNo(attemptId) : automaticRefundNo(attemptId) + "-" + round;
  }

  /** 32 hex characters: fits every channel's merchant order number, replays to the same value. */
  public static String newAttemptId() {
    return Workflow.randomUUID().toString().replace("-", "");
  }

  /** Like an attempt id: unique at every channel, and never of the form of an automatic one. */
  public static String newRefundNo() {
    return newAttemptId();
  }
}
