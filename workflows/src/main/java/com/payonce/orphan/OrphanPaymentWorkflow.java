package com.payonce.orphan;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Gives back a payment that arrived when no order could keep it: its order's workflow had already
 * finished, or payonce never knew the attempt. The workflow id is {@link #workflowId}, so a
 * redelivered callback cannot start a second refund.
 */
@WorkflowInterface
public interface OrphanPaymentWorkflow {

  String WORKFLOW_TYPE = "OrphanPayment";

  static String workflowId(String channel, String attemptId) {
    return "orphan-" + channel + "-" + attemptId;
  }

  @WorkflowMethod(name = WORKFLOW_TYPE)
  OrphanOutcome settle(OrphanPayment payment);
}
