package com.payonce.workflows.order;

import io.temporal.workflow.WorkflowLock;

/**
 * The shop cancels an unpaid order: every attempt is closed and asked a last time. A customer found
 * paying, or paid, wins over the cancel. A repeated cancel answers the cancelled order.
 */
final class CancelUpdate {
  private final OrderBook book;
  private final WorkflowLock lock;
  private final OrderGate gate;
  private final RunRollover rollover;
  private final OrderVersions versions;
  private final ChannelWatch watch;

  CancelUpdate(
      OrderBook book,
      WorkflowLock lock,
      OrderGate gate,
      RunRollover rollover,
      OrderVersions versions,
      ChannelWatch watch) {
    this.book = book;
    this.lock = lock;
    this.gate = gate;
    this.rollover = rollover;
    this.versions = versions;
    this.watch = watch;
  }

  void validate() {
    gate.requireOpen();
    gate.requireRunNotFull();
    if (book.status() != OrderStatus.CANCELLED) {
      gate.requirePayable();
    }
  }

  OrderView handle() {
    versions.hostileInputs();
    rollover.countUpdate();
    lock.lock();
    try {
      if (book.status() == OrderStatus.CANCELLED) {
        return book.view();
      }
      gate.requirePayable();
      boolean ended = watch.end(OrderStatus.CANCELLED, Patience.QUICK, false);
      if (book.status().paid()) {
        throw OrderFailure.ORDER_ALREADY_PAID.failure(
            "the customer paid before the cancel took effect");
      }
      if (!ended) {
        throw OrderFailure.PAYMENT_IN_PROGRESS.failure(
            "the customer is paying: cancel again once the payment is settled");
      }
      return book.view();
    } finally {
      lock.unlock();
    }
  }
}
