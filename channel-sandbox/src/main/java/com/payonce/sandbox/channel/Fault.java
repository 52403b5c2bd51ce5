package com.payonce.sandbox.channel;

/**
 * The kinds of fault a channel injects, each counted under its {@link #key()} at {@code GET
 * /sandbox/{channel}/v1/faults}.
 */
public enum Fault {
  /** create answered 503 SYSTEM_ERROR and created nothing. */
  CREATE_ERROR("createError"),
  /** create was slowed down by createLatencyMs. */
  CREATE_LATENCY("createLatency"),
  /** create created the order, then held its answer for timeoutMs. */
  CREATE_TIMEOUT_AFTER_COMMIT("createTimeoutAfterCommit"),
  /** close answered CLOSED but left the order payable (closeHonored=false). */
  CLOSE_NOT_HONORED("closeNotHonored"),
  /** close answered 409 USER_PAYING at random (closeRefusedRate). */
  CLOSE_REFUSED("closeRefused"),
  /** close answered 409 USER_PAYING because the customer had scanned the order. */
  CLOSE_USER_PAYING("closeUserPaying"),
  /** close did its work, then held its answer for timeoutMs. */
  CLOSE_TIMEOUT("closeTimeout"),
  /** a query answered WAIT_PAY for an order paid less than queryLagMs ago. */
  QUERY_LAG("queryLag"),
  /** a payment captured another amount than the customer paid. */
  AMOUNT_TAMPER("amountTamper"),
  /** refund answered 500 SYSTEM_ERROR and refunded nothing. */
  REFUND_FAILURE("refundFailure"),
  /** refund answered 429 TOO_MANY_REQUESTS and refunded nothing. */
  REFUND_THROTTLED("refundThrottled"),
  /** a refund was accepted as PROCESSING, to succeed refundDelayMs later. */
  REFUND_ASYNC("refundAsync"),
  /** a webhook event was never sent. */
  WEBHOOK_DROPPED("webhookDropped"),
  /** one extra copy of a webhook event was sent (counted per copy). */
  WEBHOOK_DUPLICATED("webhookDuplicated"),
  /** a delivery (one copy) was delayed before its first attempt. */
  WEBHOOK_DELAYED("webhookDelayed"),
  /** a webhook event was sent before an earlier event of the same order. */
  WEBHOOK_REORDERED("webhookReordered");

  private final String key;

  Fault(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}
