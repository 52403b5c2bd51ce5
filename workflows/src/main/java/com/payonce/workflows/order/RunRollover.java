package com.payonce.workflows.order;

import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * Temporal's per-run limits (updates, history size) are facts a customer mashing the pay button
 * reaches: once this run has taken {@link RunLimits} updates or history events the order continues
 * as new, carrying itself over, and the new run starts with an empty history. Older orders (before
 * version "hostile-inputs") keep their one run.
 */
final class RunRollover {
  private static final Logger log = Workflow.getLogger(RunRollover.class);

  private final OrderBook book;
  private final RunLimits limits;
  private final OrderVersions versions;
  private final CallbackInbox inbox;
  private final OrderClocks clocks;
  private int updates;

  RunRollover(OrderBook book, OrderVersions versions, CallbackInbox inbox, OrderClocks clocks) {
    this.book = book;
    this.limits = book.checkout().limitsOrDefaults();
    this.versions = versions;
    this.inbox = inbox;
    this.clocks = clocks;
  }

  void countUpdate() {
    updates++;
  }

  boolean isFull() {
    return versions.underHostileInputs()
        && (updates >= limits.updatesPerRun()
            || Workflow.getInfo().getHistoryLength() >= limits.eventsPerRun());
  }

  /**
   * Carries the book, the callbacks not handled yet and the clocks over. Waits for running handlers
   * first: their changes are carried too.
   *
   * @param settling the order is in its late-payment window, which ends at {@code windowEndMillis}
   */
  void continueAsNewIfFull(boolean settling, long windowEndMillis) {
    if (!isFull()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    ContinuedOrder state =
        new ContinuedOrder(
            book.state(), inbox.pending(), clocks.carried(settling, windowEndMillis));
    Checkout checkout = book.checkout();
    log.info("order {} continues as new after {} updates", checkout.orderId(), updates);
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder()
            .setTypedSearchAttributes(Workflow.getTypedSearchAttributes())
            .build(),
        checkout.continuedWith(state));
  }
}
