package com.payonce.workflows.order;

public enum RefundStatus {
  /** Asked of the channel, outcome not known yet: retried with the same refund number. */
  PENDING,
  /** The channel accepted it and finishes it later (asynchronous refunds); checked until done. */
  PROCESSING,
  SUCCEEDED,
  /** The channel refused it: the amount is refundable again. */
  FAILED
}
