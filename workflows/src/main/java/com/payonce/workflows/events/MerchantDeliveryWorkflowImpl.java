package com.payonce.workflows.events;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * One activity per wake-up posts what is pending, in order: two workflow tasks and one activity for
 * an event that goes out at once (the benchmark counts them, docs/BENCHMARKS.md).
 */
public class MerchantDeliveryWorkflowImpl implements MerchantDeliveryWorkflow {
  private static final Logger log = Workflow.getLogger(MerchantDeliveryWorkflowImpl.class);

  /**
   * One event per activity: its retries' backoff is that event's alone. With several, every failed
   * POST of a batch doubled the pause for the next (the fault-proof harness's shop, failing one in
   * five, left an order of 300 events minutes behind).
   */
  private static final int BATCH = 1;

  /** The POST is cut off after 10 s; the rest is the delivery log's bookkeeping. */
  private static final Duration BATCH_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LONGEST_PAUSE = Duration.ofMinutes(30);

  /** Bounds one run's history (about 6 events per delivery): then it continues as new. */
  private static final int BATCHES_PER_RUN = 300;

  /** The log's bookkeeping: retried until the database answers. */
  private final MerchantDeliveryActivities bookkeeping =
      Workflow.newActivityStub(
          MerchantDeliveryActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
              .build());

  private int signals;

  @Override
  public void deliver(MerchantDeliveryRun run) {
    MerchantDeliveryActivities post = post(run);
    for (int batches = 0; batches < BATCHES_PER_RUN; batches++) {
      int seen = signals;
      try {
        if (post.deliverPending(run.endpointId(), run.orderId(), BATCH)) {
          continue;
        }
      } catch (ActivityFailure e) {
        log.warn("gave up the oldest event of {} to endpoint {}", run.orderId(), run.endpointId());
        bookkeeping.giveUpOldest(run.endpointId(), run.orderId());
        continue;
      }
      if (signals == seen) {
        return; // a signal arriving now fails this completion, and the loop runs again
      }
    }
    Workflow.continueAsNew(run);
  }

  /**
   * The POSTs: after the run's first retry interval (10 s by default), then twice as long each time
   * up to every 30 minutes, for the run's retry period (three days by default).
   */
  private static MerchantDeliveryActivities post(MerchantDeliveryRun run) {
    return Workflow.newActivityStub(
        MerchantDeliveryActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(BATCH_TIMEOUT)
            // Temporal schedules no retry that would end past this: one longest pause and one
            // batch more, so the last try comes after the retry period, not up to 30 min before
            .setScheduleToCloseTimeout(
                Duration.ofMillis(run.retryForMillis()).plus(LONGEST_PAUSE).plus(BATCH_TIMEOUT))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(run.firstRetryMillis()))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(LONGEST_PAUSE)
                    .build())
            .build());
  }

  @Override
  public void newDeliveries() {
    signals++;
  }
}
