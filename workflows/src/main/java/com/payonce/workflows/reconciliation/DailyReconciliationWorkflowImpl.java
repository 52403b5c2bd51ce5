package com.payonce.workflows.reconciliation;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

public class DailyReconciliationWorkflowImpl implements DailyReconciliationWorkflow {
  /** Both channels date their bills in China time. */
  private static final ZoneId CHANNEL_TIME = ZoneId.of("Asia/Shanghai");

  /** Temporal's own: when the schedule meant this run to start (a catch-up starts later). */
  private static final SearchAttributeKey<OffsetDateTime> SCHEDULED_START =
      SearchAttributeKey.forOffsetDateTime("TemporalScheduledStartTime");

  private final ReconciliationActivities ledger =
      Workflow.newActivityStub(
          ReconciliationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
              .build());

  /**
   * Starts each channel's run and returns without waiting for them: a channel whose bill API is
   * down for days holds only its own run, never the next days' schedule runs (the schedule skips a
   * run while the previous one is open).
   */
  @Override
  public void reconcileYesterday() {
    String yesterday = LocalDate.ofInstant(scheduledFor(), CHANNEL_TIME).minusDays(1).toString();
    for (String channel : ledger.channelNames()) {
      StatementDay day = new StatementDay(channel, yesterday);
      ReconciliationWorkflow run =
          Workflow.newChildWorkflowStub(
              ReconciliationWorkflow.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(ReconciliationWorkflow.workflowId(day))
                  .setTaskQueue(ReconciliationWorkflow.TASK_QUEUE)
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                  .build());
      Async.function(run::reconcile, day);
      // once started it runs on its own; an operator's run of the same day already open stands
      try {
        Workflow.getWorkflowExecution(run).get();
      } catch (RuntimeException e) {
        Workflow.getLogger(DailyReconciliationWorkflowImpl.class)
            .warn(
                "the reconciliation of {} {} did not start: {}",
                channel,
                yesterday,
                e.getMessage());
      }
    }
  }

  /** The schedule's time for this run, so a run caught up after midnight takes the right day. */
  private static Instant scheduledFor() {
    OffsetDateTime scheduled = Workflow.getTypedSearchAttributes().get(SCHEDULED_START);
    return scheduled != null
        ? scheduled.toInstant()
        : Instant.ofEpochMilli(Workflow.currentTimeMillis()); // started by hand
  }
}
