package com.payonce.workflows.order;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.util.function.BooleanSupplier;

/**
 * The late-payment window: the order is settled, but callbacks may still come (a close that was not
 * honoured, a customer paying a second tab). Attempts that could still capture money are swept with
 * a doubling delay and once more at the end of the window. Under version "hostile-inputs" a payment
 * the channel signed but its query does not show yet keeps the order open ({@link LagWatch}), and
 * the order takes no update once it decides to end.
 */
final class LateWindow {
  private final OrderBook book;
  private final WorkflowLock lock;
  private final PaymentTimings timings;
  private final OrderClocks clocks;
  private final OrderVersions versions;
  private final OrderGate gate;
  private final Alarm alarm;
  private final RunRollover rollover;
  private final CallbackInbox inbox;
  private final ChannelWatch watch;
  private final RefundSender refunds;
  private final BooleanSupplier hasWork;

  LateWindow(
      OrderBook book,
      WorkflowLock lock,
      OrderClocks clocks,
      OrderVersions versions,
      OrderGate gate,
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
    this.versions = versions;
    this.gate = gate;
    this.alarm = alarm;
    this.rollover = rollover;
    this.inbox = inbox;
    this.watch = watch;
    this.refunds = refunds;
    this.hasWork = hasWork;
  }

  /** Returns when the window is over and no money is in doubt. */
  void until(long windowEndMillis) {
    boolean hardened = versions.hostileInputs();
    boolean finalSweep = versions.finalSweepInEveryRun();
    Backoff sweeps = new Backoff(timings.pollMax(), null);
    sweeps.restart(now());
    boolean sweptAtWindowEnd = false;
    LagWatch lag = new LagWatch(hardened, book, watch, timings);
    Backoff refundChecks = clocks.refundChecks();
    while (true) {
      rollover.continueAsNewIfFull(true, windowEndMillis);
      boolean windowOver = now() >= windowEndMillis;
      boolean waitedOut = windowOver && !lag.waiting();
      // a run ends only after it swept once the window was over: a run continued near the window's
      // end, or one still sending an asynchronous refund then, otherwise never looked again
      boolean finalSweepDone = !finalSweep || sweptAtWindowEnd;
      if (waitedOut
          && finalSweepDone
          && !hasWork.getAsBoolean()
          && book.refunds().processing().isEmpty()
          && (!hardened || Workflow.isEveryHandlerFinished())) {
        if (hardened) {
          gate.close();
        }
        return;
      }
      // Past the window only PROCESSING refunds (and, under "hostile-inputs", lagging payments and
      // running handlers) keep the order open: wait for them, not for the window's end, which has
      // passed (that would wake every millisecond).
      boolean onlyRefundsLeft = waitedOut && !hasWork.getAsBoolean() && finalSweepDone;
      long wakeAt =
          onlyRefundsLeft
              ? refundChecks.nextAtMillis()
              : windowOver && hardened
                  ? lag.nextCheckAtMillis()
                  : watch.attemptsToSweep().isEmpty()
                      ? windowEndMillis
                      : Math.min(windowEndMillis, sweeps.nextAtMillis());
      // a handler still running when the order could end is waited for (a refund it accepts is
      // sent)
      boolean awaitHandlers = waitedOut && hardened && !Workflow.isEveryHandlerFinished();
      long wakeAtMillis =
          Math.min(Math.min(wakeAt, refundChecks.nextAtMillis()), lag.nextCheckAtMillis());
      if (finalSweepDone || !windowOver) {
        alarm.await(
            wakeAtMillis,
            () ->
                hasWork.getAsBoolean()
                    || (awaitHandlers && Workflow.isEveryHandlerFinished())
                    || rollover.isFull());
      }
      boolean sweep =
          !onlyRefundsLeft
              && (sweeps.due(now())
                  || (now() >= windowEndMillis && !(hardened && sweptAtWindowEnd)));
      sweptAtWindowEnd |= sweep && now() >= windowEndMillis;
      lock.lock();
      try {
        inbox.handleAll();
        if (sweep) {
          watch.attemptsToSweep().forEach(watch::sweep);
        }
        lag.checkIfDue();
        refunds.sendPending();
        refunds.checkProcessingIfDue();
      } finally {
        lock.unlock();
      }
      if (sweep) {
        sweeps.doubled(now(), true);
      }
    }
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }
}
