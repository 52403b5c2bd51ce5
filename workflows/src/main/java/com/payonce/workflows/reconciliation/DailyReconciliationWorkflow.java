package com.payonce.workflows.reconciliation;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What the daily Temporal Schedule starts: yesterday's statement of every channel (yesterday in the
 * channels' time zone, China time), each in its own {@link ReconciliationWorkflow}.
 */
@WorkflowInterface
public interface DailyReconciliationWorkflow {

  String WORKFLOW_TYPE = "DailyReconciliation";

  /** The schedule's id; its runs' workflow ids start with it. */
  String SCHEDULE_ID = "payonce-daily-reconciliation";

  @WorkflowMethod(name = WORKFLOW_TYPE)
  void reconcileYesterday();
}
