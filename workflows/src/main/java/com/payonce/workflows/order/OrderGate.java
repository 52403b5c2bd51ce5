package com.payonce.workflows.order;

import io.temporal.workflow.Workflow;

/**
 * The checks every update shares: the order still takes updates, this run still takes them, the
 * order can still be paid. Validators refuse what cannot succeed, so it never reaches history; the
 * handlers check again under the lock, because the order may have changed while the update waited.
 */
final class OrderGate {
  private final OrderBook book;
  private final RunRollover rollover;
  private boolean closed; // the late window is over: no update is accepted any more

  OrderGate(OrderBook book, RunRollover rollover) {
    this.book = book;
    this.rollover = rollover;
  }

  /** The order is about to end: from now on every update is refused. */
  void close() {
    closed = true;
  }

  void requireOpen() {
    if (closed) {
      throw OrderFailure.ORDER_CLOSED.failure(
          "order " + orderId() + " is settled and its late-payment window is over");
    }
  }

  /**
   * Once the run is full no update is taken (503, try again): the running ones finish, the run
   * continues as new, and the retried call reaches the new run. Without it, overlapping updates
   * kept a handler running or the lock held, and the run never found a moment to continue.
   */
  void requireRunNotFull() {
    if (rollover.isFull()) {
      throw OrderFailure.ORDER_BUSY.failure(
          "order " + orderId() + " is moving to a fresh run; try again in a moment");
    }
  }

  void requirePayable() {
    if (book.status().paid()) {
      throw OrderFailure.ORDER_ALREADY_PAID.failure(
          "order " + orderId() + " is already " + book.status());
    }
    if (!book.awaitingPayment()
        || Workflow.currentTimeMillis() >= book.checkout().expiresAtMillis()) {
      throw OrderFailure.ORDER_NOT_PAYABLE.failure(
          "order " + orderId() + " is " + (book.awaitingPayment() ? "EXPIRED" : book.status()));
    }
  }

  private String orderId() {
    return book.checkout().orderId();
  }
}
