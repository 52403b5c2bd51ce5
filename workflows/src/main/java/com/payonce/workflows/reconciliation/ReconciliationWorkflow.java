package com.payonce.workflows.reconciliation;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reconciles one channel's statement of one day against the ledger: one workflow id per (channel,
 * day), so the daily schedule and an operator asking for the same day share one run.
 */
@WorkflowInterface
public interface ReconciliationWorkflow {

  String WORKFLOW_TYPE = "Reconciliation";

  /**
   * A queue and worker of their own: a million-line statement holds reconciliation's slots, never
   * those of the orders' captures and refunds.
   */
  String TASK_QUEUE = "payonce-reconciliation";

  /** Order ids cannot contain '/': no order's workflow can take this id. */
  static String workflowId(StatementDay day) {
    return "reconciliation/" + day.channel() + "/" + day.billDate();
  }

  /** A start while a run is open joins it; a finished day may be reconciled again. */
  static WorkflowOptions options(StatementDay day) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(day))
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  @WorkflowMethod(name = WORKFLOW_TYPE)
  ReconciliationSummary reconcile(StatementDay day);
}
