package com.payonce.workflows.order;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The workflow's next wake-up: one durable timer, kept while the wake-up time stays the same and
 * cancelled when it changes. {@code Workflow.await(timeout, condition)} leaves its timer running
 * when the condition wins, so it fires later for nothing: a history event, a workflow task and, for
 * a workflow no longer in the worker's cache, a full replay.
 */
final class Alarm {
  private final OrderVersions versions;
  private CancellationScope scope;
  private Promise<Void> timer;
  private long setForMillis;
  private long setInTask;

  Alarm(OrderVersions versions) {
    this.versions = versions;
  }

  /**
   * Returns once the condition holds or the time has come ({@code Long.MAX_VALUE}: never). Orders
   * from before version 1 ({@link WorkflowChanges#FEWER_ROUND_TRIPS}) keep a timer per wait.
   */
  void await(long atMillis, Supplier<Boolean> condition) {
    if (!versions.fewerRoundTrips()) {
      Workflow.await(
          Duration.ofMillis(Math.max(1, atMillis - Workflow.currentTimeMillis())), condition);
      return;
    }
    if (timer == null || timer.isCompleted() || setForMillis != atMillis) {
      supersede();
      if (atMillis != Long.MAX_VALUE) {
        set(atMillis);
      }
    }
    Promise<Void> current = timer;
    Workflow.await(() -> (current != null && current.isCompleted()) || condition.get());
  }

  private void set(long atMillis) {
    Duration delay = Duration.ofMillis(Math.max(1, atMillis - Workflow.currentTimeMillis()));
    setForMillis = atMillis;
    setInTask = Workflow.getInfo().getHistoryLength();
    scope = Workflow.newCancellationScope(() -> timer = Workflow.newTimer(delay));
    scope.run();
  }

  private void supersede() {
    // A timer set in this same workflow task is left to fire: cancelling it drops its StartTimer
    // command before it is sent, which SDK 1.38 cannot replay when a local activity (a ledger
    // write) ran in between: a NonDeterministicException the fault-proof soak found when the create
    // was a local activity (docs/SAFETY-REPORT.md).
    if (timer != null
        && !timer.isCompleted()
        && setInTask != Workflow.getInfo().getHistoryLength()) {
      scope.cancel();
    }
    timer = null;
    scope = null;
  }
}
