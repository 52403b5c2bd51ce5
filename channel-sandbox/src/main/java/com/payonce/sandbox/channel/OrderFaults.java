package com.payonce.sandbox.channel;

/**
 * Faults of one merchant order, set through {@code PUT /orders/{merchantOrderNo}/faults}: they
 * apply to that order only, on top of the channel's settings, and draw nothing from the channel's
 * random source, so a test can put one order at a boundary without changing what the channel does
 * to every other order.
 *
 * @param closeHonored null: as the channel's settings say; false: a close answers CLOSED and leaves
 *     the order payable; true: a close is honored whatever the settings say
 * @param queryLagMs for this long after the order's payment its query still reports WAIT_PAY (the
 *     longer of this and the channel's queryLagMs applies)
 * @param webhookDelayMs added to the delay of every webhook delivery of the order
 * @param refundFailures the order's next this many refund calls answer 500 SYSTEM_ERROR and refund
 *     nothing (counted down as they happen)
 */
public record OrderFaults(
    Boolean closeHonored, long queryLagMs, long webhookDelayMs, int refundFailures) {

  public static final OrderFaults NONE = new OrderFaults(null, 0, 0, 0);

  /** Most refund failures one order may be told to answer. */
  public static final int MAX_REFUND_FAILURES = 100;

  public OrderFaults {
    millis("queryLagMs", queryLagMs);
    millis("webhookDelayMs", webhookDelayMs);
    if (refundFailures < 0 || refundFailures > MAX_REFUND_FAILURES) {
      throw SandboxException.invalid(
          "refundFailures must be between 0 and " + MAX_REFUND_FAILURES + ", not " + refundFailures);
    }
  }

  OrderFaults refundFailed() {
    return new OrderFaults(closeHonored, queryLagMs, webhookDelayMs, refundFailures - 1);
  }

  private static void millis(String field, long value) {
    if (value < 0 || value > ChannelSettings.MAX_MS) {
      throw SandboxException.invalid(
          field + " must be between 0 and " + ChannelSettings.MAX_MS + " milliseconds, not " + value);
    }
  }
}
