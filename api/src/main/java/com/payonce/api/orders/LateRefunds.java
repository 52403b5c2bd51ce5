package com.payonce.api.orders;

import com.payonce.activities.ledger.LedgerOrders;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.laterefund.LateRefund;
import com.payonce.workflows.laterefund.LateRefundWorkflow;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundRequest;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateStage;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Refunds of orders whose workflow has ended: each in a {@link LateRefundWorkflow} of its own,
 * started with the shop's call as its first update, so a second call for the same refund joins the
 * first. A refund the ledger has settled is answered from it, without Temporal; one still on its
 * way is handed to its workflow, or to a new one if none follows it any more.
 */
@Service
class LateRefunds {
  private final WorkflowClient temporal;
  private final LedgerOrders ledger;

  LateRefunds(WorkflowClient temporal, LedgerOrders ledger) {
    this.temporal = temporal;
    this.ledger = ledger;
  }

  RefundView refund(String orderId, RefundRequest request) {
    OrderView order =
        ledger
            .find(orderId)
            .orElseThrow(() -> new ApiProblem(Problem.ORDER_NOT_FOUND, "no order " + orderId));
    Optional<RefundView> existing =
        order.refunds().stream()
            .filter(r -> r.kind() == RefundKind.REQUESTED)
            .filter(r -> r.refundId().equals(request.refundId()))
            .findFirst();
    if (existing.isPresent()) {
      RefundView known = same(existing.get(), request);
      if (known.status() == RefundStatus.SUCCEEDED) {
        return known;
      }
      // still on its way: its workflow is joined, or (terminated, or left by an order workflow
      // that ended with it unsent) a new run takes it up under its own number, which the channel
      // dedups on
    } else if (order.paidAttemptId() == null) {
      throw new ApiProblem(Problem.REFUND_NOT_ALLOWED, "order is " + order.status() + ", not paid");
    }
    LateRefund call =
        new LateRefund(orderId, request.refundId(), request.amountMinor(), request.reason());
    LateRefundWorkflow workflow =
        temporal.newWorkflowStub(
            LateRefundWorkflow.class, LateRefundWorkflow.options(orderId, request.refundId()));
    return WorkflowClient.executeUpdateWithStart(
        workflow::answer,
        call,
        UpdateOptions.newBuilder(RefundView.class)
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, call));
  }

  /** What the workflow answers a repeat with (LateRefundWorkflowImpl#answer). */
  private static RefundView same(RefundView refund, RefundRequest request) {
    if (refund.amountMinor() != request.amountMinor()) {
      throw new ApiProblem(
          Problem.REFUND_ID_CONFLICT,
          "refund " + request.refundId() + " was already asked for another amount");
    }
    if (refund.status() == RefundStatus.FAILED) {
      throw new ApiProblem(Problem.REFUND_REJECTED, String.valueOf(refund.reason()));
    }
    return refund;
  }
}
