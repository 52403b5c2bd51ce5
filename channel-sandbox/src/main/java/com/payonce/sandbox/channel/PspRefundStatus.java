package com.payonce.sandbox.channel;

/** Where a refund stands. Synchronous refunds are SUCCEEDED at once. */
public enum PspRefundStatus {
  /** Accepted, money not yet returned: not counted in refundedAmount or the ledger. */
  PROCESSING,
  SUCCEEDED
}
