package com.payonce.workflows.laterefund;

import com.payonce.workflows.order.OrderPaymentWorkflow;
import com.payonce.workflows.order.RefundView;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A refund of an order whose workflow has ended (returns come back weeks later): reserved in the
 * ledger under the order's row lock, sent, and followed until the channel's answer is final. The
 * shop's call is an update started with the workflow ({@link #ANSWER}), answered once the refund is
 * sent, as a refund inside the order is.
 */
@WorkflowInterface
public interface LateRefundWorkflow {

  String WORKFLOW_TYPE = "LateRefund";
  String ANSWER = "answer";
  String VIEW = "view";

  /**
   * Order ids and refund ids cannot contain '/' (FieldPatterns.ID): no order's workflow id, and no
   * other (order, refund) pair, can take this one.
   */
  static String workflowId(String orderId, String refundId) {
    return "refund/" + orderId + "/" + refundId;
  }

  /**
   * A second request for the same refund while a run is open joins it; after it has closed another
   * run may start, which finds the refund in the ledger and answers it without sending it again.
   */
  static WorkflowOptions options(String orderId, String refundId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId(orderId, refundId))
        .setTaskQueue(OrderPaymentWorkflow.TASK_QUEUE)
        .setWorkflowIdConflictPolicy(
            WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  /** Returns the refund as it ended, or null when the ledger refused it. */
  @WorkflowMethod(name = WORKFLOW_TYPE)
  RefundView run(LateRefund refund);

  /** The shop's call: the refund once sent, or the refusal (a failure typed like the order's). */
  @UpdateMethod(name = ANSWER)
  RefundView answer(LateRefund request);

  @UpdateValidatorMethod(updateName = ANSWER)
  void validateAnswer(LateRefund request);

  /** The refund as this run knows it; null until reserved, or when refused. */
  @QueryMethod(name = VIEW)
  RefundView view();
}
