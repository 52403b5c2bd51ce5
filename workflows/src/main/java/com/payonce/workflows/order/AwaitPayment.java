package com.payonce.workflows.order;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.util.function.BooleanSupplier;

/**
 * The order before it is settled: it waits for callbacks, polls the open attempt whose callback
 * does not come (a doubling delay), sends refunds, and expires the order when its time is up.
 */
final class AwaitPayment {
  private final OrderBook book;
  private final WorkflowLock lock;
  private final PaymentTimings timings;
  private final OrderClocks clocks;
  private final Alarm alarm;
  private final RunRollover rollover;
  private final CallbackInbox inbox;
  private final ChannelWatch watch;
  private final RefundSender refunds;
  private final BooleanSupplier hasWork;

  AwaitPayment(
      OrderBook book,
      WorkflowLock lock,
      OrderClocks clocks,
      Alarm alarm,
      RunRollover rollover,
      CallbackInbox inbox,
      ChannelWatch watch,
      RefundSender refunds,
      BooleanSupplier hasWork) {
    this.book = book;
    this.lock = lock;
    this.timings = book.checkout().timings();
    this.clocks = clocks;
    this.alarm = alarm;
    this.rollover = rollover;
    this.inbox = inbox;
    this.watch = watch;
    this.refunds = refunds;
    this.hasWork = hasWork;
  }

  /** Returns when the order is paid, expired or cancelled: the end of its late-payment window. */
  long untilSettled() {
    Backoff polls = clocks.polls();
    while (book.awaitingPayment()) {
      rollover.continueAsNewIfFull(false, 0);
      long plannedPoll = polls.nextAtMillis();
      long wakeAt =
          Math.min(
              Math.min(clocks.expiryCheckAtMillis(), plannedPoll),
              clocks.refundChecks().nextAtMillis());
      alarm.await(
          wakeAt,
          () ->
              hasWork.getAsBoolean()
                  || !book.awaitingPayment()
                  || polls.nextAtMillis() != plannedPoll
                  || rollover.isFull());
      lock.lock();
      try {
        step();
      } finally {
        lock.unlock();
      }
    }
    return Workflow.currentTimeMillis() + timings.latePaymentWindow().toMillis();
  }

  private void step() {
    inbox.handleAll();
    refunds.sendPending();
    refunds.checkProcessingIfDue();
    if (!book.awaitingPayment()) {
      return;
    }
    long now = Workflow.currentTimeMillis();
    if (now >= clocks.expiryCheckAtMillis()) {
      expire(now);
    } else if (clocks.polls().due(now)) {
      book.openAttempt().ifPresent(a -> watch.confirmQuietly(a, Patience.QUICK));
      clocks.polls().doubled(now, book.openAttempt().isPresent());
    }
  }

  /**
   * Expires the order, unless the channel says the customer is paying or has paid an attempt it
   * cannot confirm yet (its query lags): then the customer paid in time, so the order waits for the
   * confirmation, up to a grace period after which it expires anyway (a later capture is refunded).
   */
  private void expire(long now) {
    long graceEnd =
        book.checkout().expiresAtMillis() + timings.pollMax().multipliedBy(5).toMillis();
    if (!watch.end(OrderStatus.EXPIRED, Patience.UNTIL_DONE, now >= graceEnd)) {
      clocks.checkExpiryAt(Math.min(graceEnd, now + timings.pollInitial().toMillis()));
    }
  }
}
