package com.payonce.workflows.order;

/** What the order makes of a confirmed capture: kept, or refunded for one reason (a metric tag). */
enum CaptureVerdict {
  KEPT,
  AMOUNT_MISMATCH,
  REFUNDED_AT_CHANNEL,
  DUPLICATE,
  LATE;

  String tag() {
    return name().toLowerCase();
  }
}
