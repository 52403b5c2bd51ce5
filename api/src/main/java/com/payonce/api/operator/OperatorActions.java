package com.payonce.api.operator;

import com.payonce.activities.operator.OperatorItem;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.activities.reconciliation.DifferenceRecheck;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.orphan.OrphanPayment;
import com.payonce.workflows.orphan.OrphanPaymentWorkflow;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.springframework.stereotype.Service;

/**
 * What an operator does with an item, for the API and the console alike: resolve it (the money is
 * settled by hand), or have payonce try again. Each is a conditional move of the item's status, so
 * of two operators acting at once one wins and the other is told; each lands in the audit trail.
 */
@Service
public class OperatorActions {
  private final OperatorItemsTable items;
  private final WorkflowClient temporal;
  private final DifferenceRecheck recheck;

  OperatorActions(OperatorItemsTable items, WorkflowClient temporal, DifferenceRecheck recheck) {
    this.items = items;
    this.temporal = temporal;
    this.recheck = recheck;
  }

  /** Refused while a retry is under way: its refund may still land. */
  public OperatorItem resolve(long itemId, String operator, String note) {
    OperatorItem item = find(itemId);
    if (!items.move(
        itemId,
        OperatorItem.Status.OPEN,
        OperatorItem.Status.RESOLVED,
        "RESOLVED",
        operator,
        note)) {
      throw notOpen(itemId);
    }
    return find(item.itemId());
  }

  /**
   * A refused refund is sent again under a number the channel has not refused (an orphan run: it
   * asks the channel what is still captured first) and the item is RETRYING until that run ends it;
   * a reconciliation difference is matched against the ledger again, and resolved if it is gone.
   */
  public OperatorItem retry(long itemId, String operator, String note) {
    find(itemId);
    if (!items.move(
        itemId,
        OperatorItem.Status.OPEN,
        OperatorItem.Status.RETRYING,
        "RETRIED",
        operator,
        note)) {
      throw notOpen(itemId);
    }
    OperatorItem item = find(itemId);
    if (item.reason() == OperatorReason.REFUND_FAILED) {
      sendRefundAgain(item);
    } else {
      boolean gone = recheck.matchesNow(item);
      items.move(
          itemId,
          OperatorItem.Status.RETRYING,
          gone ? OperatorItem.Status.RESOLVED : OperatorItem.Status.OPEN,
          gone ? "RESOLVED" : "REOPENED",
          OperatorItemsTable.PAYONCE,
          gone ? "the statement line matches the ledger now" : "the difference is still there");
    }
    return find(itemId);
  }

  /** A run of its own: one still open for the payment would not send this round's number. */
  private void sendRefundAgain(OperatorItem item) {
    int round = item.retries();
    OrphanPaymentWorkflow orphan =
        temporal.newWorkflowStub(
            OrphanPaymentWorkflow.class,
            WorkflowOptions.newBuilder(
                    OrphanPaymentWorkflow.options(item.channel(), item.attemptId()))
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
                .build());
    try {
      WorkflowClient.start(
          orphan::settle,
          new OrphanPayment(
              item.channel(),
              item.attemptId(),
              "operator-retry/" + item.itemId() + "/" + round,
              round));
    } catch (WorkflowExecutionAlreadyStarted e) {
      items.move(
          item.itemId(),
          OperatorItem.Status.RETRYING,
          OperatorItem.Status.OPEN,
          "REOPENED",
          OperatorItemsTable.PAYONCE,
          "an orphan run of this payment is still at work: retry once it has ended");
    }
  }

  private OperatorItem find(long itemId) {
    return items
        .find(itemId)
        .orElseThrow(
            () -> new ApiProblem(Problem.OPERATOR_ITEM_NOT_FOUND, "no operator item " + itemId));
  }

  private ApiProblem notOpen(long itemId) {
    OperatorItem item = find(itemId);
    return item.status() == OperatorItem.Status.RETRYING
        ? new ApiProblem(
            Problem.OPERATOR_ITEM_RETRYING,
            "operator item " + itemId + " is being retried: wait for the retry to end")
        : new ApiProblem(
            Problem.OPERATOR_ITEM_RESOLVED, "operator item " + itemId + " is already resolved");
  }
}
