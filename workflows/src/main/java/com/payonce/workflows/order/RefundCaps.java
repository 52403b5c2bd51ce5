package com.payonce.workflows.order;

/** The caps on the shop's refunds, shared by the order workflow and the late refunds' ledger. */
public final class RefundCaps {
  /** Refunds the shop may ask for on one order (a failed one does not count). */
  public static final int REQUESTED_PER_ORDER = 100;

  private RefundCaps() {}
}
