package com.payonce.workflows.channel;

public enum CloseResult {
  /**
   * The channel says the attempt can no longer be paid (a channel may lie: payonce keeps watching).
   */
  CLOSED,
  /** The channel refused to close: the customer already paid it. */
  ALREADY_PAID,
  /** The channel refused to close: the customer is paying it right now. */
  CUSTOMER_PAYING
}
