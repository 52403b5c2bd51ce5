package com.payonce.bench.floor;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The floor, written the plain way: one expiry timer for the whole payment phase, one poll timer
 * per open attempt, one late-window timer; the same activities (with payonce's options), ledger
 * local activity and search-attribute upserts as payonce at the same points, each doing nothing.
 */
public class FloorWorkflowImpl implements FloorWorkflow {
  private static final ActivityOptions PERSISTENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();
  private static final ActivityOptions INTERACTIVE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .build())
          .build();
  private static final LocalActivityOptions LEDGER =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
          .build();

  private final FloorActivities channel = Workflow.newActivityStub(FloorActivities.class, PERSISTENT);
  private final FloorActivities channelNow =
      Workflow.newActivityStub(FloorActivities.class, INTERACTIVE);
  private final FloorLedger ledger = Workflow.newLocalActivityStub(FloorLedger.class, LEDGER);

  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private final Order order;
  private final Deque<String> events = new ArrayDeque<>();
  private final List<String> attempts = new ArrayList<>();
  private String openAttempt;
  private String openChannel;
  private String paidAttempt;
  private String status = "AWAITING_PAYMENT";
  private long refundedMinor;
  private long revision;
  private long pollDelayMillis;
  private CancellationScope pollScope;
  private Promise<Void> pollTimer;

  @WorkflowInit
  public FloorWorkflowImpl(Order order) {
    this.order = order;
    this.pollDelayMillis = order.pollInitialMillis();
  }

  @Override
  public String run(Order order) {
    Promise<Void>[] expiry = newPromiseArray();
    CancellationScope expiryScope =
        Workflow.newCancellationScope(
            () -> expiry[0] = Workflow.newTimer(until(order.expiresAtMillis())));
    expiryScope.run();
    while (status.equals("AWAITING_PAYMENT")) {
      Workflow.await(
          () -> !events.isEmpty() || expiry[0].isCompleted() || (pollTimer != null && pollTimer.isCompleted()));
      lock.lock();
      try {
        while (!events.isEmpty() && status.equals("AWAITING_PAYMENT")) {
          String attempt = events.poll();
          if (attempts.contains(attempt)) {
            confirm(attempt, channel);
          }
        }
        if (!status.equals("AWAITING_PAYMENT")) {
          break;
        }
        if (pollTimer != null && pollTimer.isCompleted() && openAttempt != null) {
          confirm(openAttempt, channelNow);
          pollDelayMillis = Math.min(pollDelayMillis * 2, 120_000);
          startPollTimer();
        }
        if (expiry[0].isCompleted() && status.equals("AWAITING_PAYMENT")) {
          for (String attempt : attempts) {
            channel.closePayment(attempt);
          }
          status = "EXPIRED";
          Workflow.upsertTypedSearchAttributes(ORDER_STATUS.valueSet(status));
          record();
        }
      } finally {
        lock.unlock();
      }
    }
    expiryScope.cancel();
    cancelPollTimer();
    Workflow.sleep(Duration.ofMillis(order.latePaymentWindowMillis()));
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status;
  }

  @Override
  public void validatePay(String channelName) {
    if (channelName == null || !status.equals("AWAITING_PAYMENT")) {
      throw ApplicationFailure.newFailure("ORDER_NOT_PAYABLE: order is " + status, "ORDER_NOT_PAYABLE");
    }
  }

  @Override
  public String pay(String channelName) {
    lock.lock();
    try {
      validatePay(channelName);
      if (openAttempt != null && channelName.equals(openChannel)) {
        return openAttempt;
      }
      if (openAttempt != null) {
        channelNow.closePayment(openAttempt);
      }
      String attempt = Workflow.randomUUID().toString().replace("-", "");
      attempts.add(attempt);
      channelNow.createPayment(attempt);
      openAttempt = attempt;
      openChannel = channelName;
      pollDelayMillis = order.pollInitialMillis();
      startPollTimer();
      Workflow.upsertTypedSearchAttributes(PAYMENT_CHANNEL.valueSet(channelName));
      record();
      return attempt;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void validateRefund(long amountMinor) {
    if (paidAttempt == null || amountMinor <= 0 || amountMinor > order.amountMinor() - refundedMinor) {
      // the type in the message too: SDK 1.38 drops a validator failure's type (sdk-java #3001)
      throw ApplicationFailure.newFailure("REFUND_NOT_ALLOWED: order is " + status, "REFUND_NOT_ALLOWED");
    }
  }

  @Override
  public String refund(long amountMinor) {
    lock.lock();
    try {
      validateRefund(amountMinor);
      channelNow.refundPayment(paidAttempt, amountMinor);
      refundedMinor += amountMinor;
      status = refundedMinor == order.amountMinor() ? "REFUNDED" : "PARTIALLY_REFUNDED";
      Workflow.upsertTypedSearchAttributes(ORDER_STATUS.valueSet(status));
      record();
      return status;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void channelEvent(String attemptId) {
    events.add(attemptId);
  }

  @Override
  public String view() {
    return status;
  }

  private void confirm(String attempt, FloorActivities via) {
    if (!via.queryPayment(attempt)) {
      return;
    }
    status = "PAID";
    paidAttempt = attempt;
    Workflow.upsertTypedSearchAttributes(
        ORDER_STATUS.valueSet(status), PAYMENT_CHANNEL.valueSet(openChannel == null ? "" : openChannel));
    for (String other : attempts) {
      if (!other.equals(attempt)) {
        via.closePayment(other);
      }
    }
    openAttempt = null;
    cancelPollTimer();
    record();
  }

  private void startPollTimer() {
    cancelPollTimer();
    Duration delay = Duration.ofMillis(pollDelayMillis);
    pollScope = Workflow.newCancellationScope(() -> pollTimer = Workflow.newTimer(delay));
    pollScope.run();
  }

  private void cancelPollTimer() {
    if (pollScope != null) {
      pollScope.cancel();
      pollScope = null;
      pollTimer = null;
    }
  }

  private void record() {
    ledger.recordOrder(order.orderId(), status, ++revision);
  }

  private static Duration until(long atMillis) {
    return Duration.ofMillis(Math.max(1, atMillis - Workflow.currentTimeMillis()));
  }

  @SuppressWarnings("unchecked")
  private static Promise<Void>[] newPromiseArray() {
    return (Promise<Void>[]) new Promise[1];
  }
}
