package com.payonce.workflows.events;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

public class MerchantDeliveryWorkflowImpl implements MerchantDeliveryWorkflow {
  private static final Logger log = Workflow.getLogger(MerchantDeliveryWorkflowImpl.class);

  private static final int BATCH = 20;
  private static final Duration POST_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration LONGEST_PAUSE = Duration.ofMinutes(30);

  /** Bounds one run's history (three events per delivery): past it the run continues as new. */
  private static final int DELIVERIES_PER_RUN = 300;

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
    int delivered = 0;
    while (true) {
      int seen = signals;
      List<Long> pending = bookkeeping.pendingDeliveries(run.endpointId(), run.orderId(), BATCH);
      if (pending.isEmpty()) {
        if (signals == seen) {
          return; // a signal arriving now fails this completion, and the loop runs again
        }
        continue;
      }
      for (long eventId : pending) {
        try {
          post.deliverEvent(run.endpointId(), eventId);
        } catch (ActivityFailure e) {
          log.warn("gave up delivering event {} to endpoint {}", eventId, run.endpointId());
          bookkeeping.giveUpDelivery(run.endpointId(), eventId);
        }
        delivered++;
      }
      if (delivered >= DELIVERIES_PER_RUN) {
        Workflow.continueAsNew(run);
      }
    }
  }

  /**
   * The POST: after the run's first retry interval (10 s by default), then twice as long each time
   * up to every 30 minutes, for the run's retry period (three days by default). The timeout covers
   * the endpoint's answer; the request itself has its own.
   */
  private static MerchantDeliveryActivities post(MerchantDeliveryRun run) {
    return Workflow.newActivityStub(
        MerchantDeliveryActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(POST_TIMEOUT)
            // Temporal schedules no retry that would end past this: one longest pause and one
            // POST more, so the last try comes after the retry period, not up to 30 min before
            .setScheduleToCloseTimeout(
                Duration.ofMillis(run.retryForMillis()).plus(LONGEST_PAUSE).plus(POST_TIMEOUT))
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
