package com.payonce.workflows.events;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers one endpoint's events of one order, one at a time in event order, each retried with
 * backoff for the whole retry period: an endpoint down for days loses nothing, and one endpoint or
 * order that fails holds up no other. Ends when nothing is pending; the next event starts it again.
 */
@WorkflowInterface
public interface MerchantDeliveryWorkflow {

  String WORKFLOW_TYPE = "MerchantDelivery";

  /**
   * A queue and worker of their own: a slow or unreachable shop endpoint can take only the slots of
   * deliveries, never those the orders' captures, queries and refunds run in.
   */
  String TASK_QUEUE = "payonce-merchant-events";

  /** Order ids cannot contain '/': no order's workflow can take this id. */
  static String workflowId(String endpointId, String orderId) {
    return "merchant-events/" + endpointId + "/" + orderId;
  }

  /** A start while a run is open joins it; a closed run may be followed by another. */
  static WorkflowOptions options(String endpointId, String orderId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(endpointId, orderId))
        .setTaskQueue(TASK_QUEUE)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  /**
   * Starts the run with a signal, or signals the running one: a signal that reaches a run about to
   * end fails its completion, so no delivery committed before this call is left behind.
   */
  static void wake(WorkflowClient client, MerchantDeliveryRun run) {
    MerchantDeliveryWorkflow workflow =
        client.newWorkflowStub(
            MerchantDeliveryWorkflow.class, options(run.endpointId(), run.orderId()));
    BatchRequest request = client.newSignalWithStartRequest();
    request.add(workflow::deliver, run);
    request.add(workflow::newDeliveries);
    client.signalWithStart(request);
  }

  @WorkflowMethod(name = WORKFLOW_TYPE)
  void deliver(MerchantDeliveryRun run);

  /** New deliveries were committed for this endpoint and order. */
  @SignalMethod
  void newDeliveries();
}
