package com.payonce.workflows.order;

import static com.payonce.workflows.order.PaymentTimings.QUERY_LAG_WINDOW;

import io.temporal.workflow.Workflow;

/**
 * Asks the channel again, with a doubling delay, about payments it signed but its query did not
 * show yet (eventual consistency), as the orphan workflow does: without it, a duplicate paid as the
 * late-payment window ends would be left captured when the order ends (version "hostile-inputs";
 * off for older orders).
 */
final class LagWatch {
  private final boolean on;
  private final OrderBook book;
  private final ChannelWatch watch;
  private final Backoff checks;

  LagWatch(boolean on, OrderBook book, ChannelWatch watch, PaymentTimings timings) {
    this.on = on;
    this.book = book;
    this.watch = watch;
    this.checks = new Backoff(timings.pollInitial(), timings.pollMax());
  }

  /** Whether a payment the channel signed is still waited for. */
  boolean waiting() {
    return on && now() < book.laggingUntil(QUERY_LAG_WINDOW.toMillis());
  }

  long nextCheckAtMillis() {
    long until = on ? book.laggingUntil(QUERY_LAG_WINDOW.toMillis()) : 0;
    if (until == 0 || now() > until) {
      checks.reset();
      return Backoff.NEVER;
    }
    checks.scheduleIfIdle(now(), until);
    return checks.nextAtMillis();
  }

  void checkIfDue() {
    if (!on || !checks.due(now())) {
      return;
    }
    book.lagging(now(), QUERY_LAG_WINDOW.toMillis())
        .forEach(a -> watch.confirmQuietly(a, Patience.QUICK));
    checks.doubled(now(), false);
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }
}
