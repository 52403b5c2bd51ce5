package com.payonce.workflows.orphan;

import com.payonce.workflows.order.OrderPaymentWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Gives back a payment that arrived when no order could keep it: its order's workflow had already
 * finished, or payonce never knew the attempt. Started with {@link #options}: one run per (channel,
 * attempt) at a time.
 */
@WorkflowInterface
public interface OrphanPaymentWorkflow {

  String WORKFLOW_TYPE = "OrphanPayment";

  /**
   * Order ids become workflow ids too, and cannot contain '/': no shop can create an order whose
   * workflow holds this id and so keep the orphan from starting.
   */
  static String workflowId(String channel, String attemptId) {
    return "orphan/" + channel + "/" + attemptId;
  }

  /**
   * A start while a run is open joins it (its refund covers this event too). After a run has
   * closed, whatever its outcome, another may start: one that ended NOT_PAID may have given up on a
   * query lagging past its window, and a repeat is harmless, since it asks the channel what is
   * still captured and refunds with the same number, which the channel dedups on.
   */
  static WorkflowOptions options(String channel, String attemptId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(channel, attemptId))
        .setTaskQueue(OrderPaymentWorkflow.TASK_QUEUE)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  /** Starts the payment's orphan run, or joins the one open ({@link #options}). */
  static void start(WorkflowClient client, OrphanPayment payment) {
    OrphanPaymentWorkflow orphan =
        client.newWorkflowStub(
            OrphanPaymentWorkflow.class, options(payment.channel(), payment.attemptId()));
    WorkflowClient.start(orphan::settle, payment);
  }

  @WorkflowMethod(name = WORKFLOW_TYPE)
  OrphanOutcome settle(OrphanPayment payment);
}
