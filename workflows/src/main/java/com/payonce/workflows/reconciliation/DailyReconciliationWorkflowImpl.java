package com.payonce.workflows.reconciliation;

import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

public class DailyReconciliationWorkflowImpl implements DailyReconciliationWorkflow {
  /** Both channels date their bills in China time. */
  private static final ZoneId CHANNEL_TIME = ZoneId.of("Asia/Shanghai");

  private static final Logger log = Workflow.getLogger(DailyReconciliationWorkflowImpl.class);

  private final ReconciliationActivities ledger =
      Workflow.newActivityStub(
          ReconciliationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
              .build());

  @Override
  public void reconcileYesterday() {
    String yesterday =
        LocalDate.ofInstant(Instant.ofEpochMilli(Workflow.currentTimeMillis()), CHANNEL_TIME)
            .minusDays(1)
            .toString();
    List<Promise<ReconciliationSummary>> runs = new ArrayList<>();
    for (String channel : ledger.channelNames()) {
      StatementDay day = new StatementDay(channel, yesterday);
      ReconciliationWorkflow run =
          Workflow.newChildWorkflowStub(
              ReconciliationWorkflow.class,
              ChildWorkflowOptions.newBuilder()
                  .setWorkflowId(ReconciliationWorkflow.workflowId(day))
                  .setTaskQueue(ReconciliationWorkflow.TASK_QUEUE)
                  // a reconciliation outlives a cancelled or timed-out schedule run
                  .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                  .build());
      runs.add(Async.function(run::reconcile, day));
    }
    for (Promise<ReconciliationSummary> run : runs) {
      try {
        run.get();
      } catch (ChildWorkflowFailure e) {
        // one channel's failure (or an operator's run of the same day already open) stops no other
        log.warn("a reconciliation of {} did not complete: {}", yesterday, e.getMessage());
      }
    }
  }
}
