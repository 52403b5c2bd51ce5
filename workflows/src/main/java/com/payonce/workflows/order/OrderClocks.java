package com.payonce.workflows.order;

/**
 * When the order next looks at something on its own, without a callback: polls of the open attempt,
 * checks of asynchronous refunds, the expiry. Carried into the next run.
 */
final class OrderClocks {
  private final Backoff polls;
  private final Backoff refundChecks;
  private long expiryCheckAtMillis;

  OrderClocks(Checkout checkout) {
    PaymentTimings timings = checkout.timings();
    ContinuedOrder continued = checkout.continued();
    if (continued == null) {
      polls = new Backoff(timings.pollInitial(), timings.pollMax());
      refundChecks = new Backoff(timings.pollInitial(), timings.pollMax());
      expiryCheckAtMillis = checkout.expiresAtMillis();
      return;
    }
    ContinuedOrder.Clocks clocks = continued.clocks();
    polls =
        new Backoff(
            timings.pollInitial(),
            timings.pollMax(),
            clocks.pollDelayMillis(),
            clocks.nextPollAtMillis());
    refundChecks =
        new Backoff(
            timings.pollInitial(),
            timings.pollMax(),
            clocks.refundCheckDelayMillis(),
            clocks.refundCheckAtMillis());
    expiryCheckAtMillis = clocks.expiryCheckAtMillis();
  }

  /** Polls of the open attempt whose callback has not come: restarted by each attempt opened. */
  Backoff polls() {
    return polls;
  }

  Backoff refundChecks() {
    return refundChecks;
  }

  long expiryCheckAtMillis() {
    return expiryCheckAtMillis;
  }

  void checkExpiryAt(long atMillis) {
    expiryCheckAtMillis = atMillis;
  }

  ContinuedOrder.Clocks carried(boolean settling, long windowEndMillis) {
    return new ContinuedOrder.Clocks(
        settling,
        windowEndMillis,
        polls.delay().toMillis(),
        polls.nextAtMillis(),
        expiryCheckAtMillis,
        refundChecks.delay().toMillis(),
        refundChecks.nextAtMillis());
  }
}
