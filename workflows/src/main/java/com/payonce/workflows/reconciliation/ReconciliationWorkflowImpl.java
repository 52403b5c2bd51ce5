package com.payonce.workflows.reconciliation;

import com.payonce.workflows.operator.OperatorReason;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class ReconciliationWorkflowImpl implements ReconciliationWorkflow {

  /**
   * The statement activity: a day's bill is made hours after the day ends (the channel answers "not
   * ready", retried every half hour at most) and a download may fail; three days of retries, then a
   * person looks. A dead worker is noticed by its missing heartbeat within two minutes.
   */
  private final ReconciliationActivities statement =
      Workflow.newActivityStub(
          ReconciliationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofHours(2))
              .setHeartbeatTimeout(Duration.ofMinutes(2))
              .setScheduleToCloseTimeout(Duration.ofDays(3))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(5))
                      .setMaximumInterval(Duration.ofMinutes(30))
                      // the channel's definite no (no such bill, wrong merchant): a person looks
                      .setDoNotRetry(
                          "com.payonce.activities.channel.ChannelRefusal",
                          "com.payonce.activities.channel.StatementUnreadable")
                      .build())
              .build());

  private final ReconciliationActivities ledger =
      Workflow.newActivityStub(
          ReconciliationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(10))
              .setRetryOptions(
                  RetryOptions.newBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
              .build());

  @Override
  public ReconciliationSummary reconcile(StatementDay day) {
    String runId = Workflow.getInfo().getRunId();
    ledger.begin(day, runId);
    ReconciliationSummary summary;
    try {
      summary = statement.reconcile(day, runId);
    } catch (ActivityFailure e) {
      // unreadable, refused, or not downloadable for three days: reconciled up to where it got
      summary = ledger.stop(day, runId, reason(e));
    }
    if (summary.itemsRaised() > 0) {
      Workflow.upsertTypedSearchAttributes(
          OperatorReason.NEEDS_ATTENTION.valueSet("RECONCILIATION_DIFFERENCE"));
    }
    return summary;
  }

  private static String reason(ActivityFailure e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage();
  }
}
