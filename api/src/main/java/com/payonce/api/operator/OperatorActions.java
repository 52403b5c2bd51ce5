package com.payonce.api.operator;

import com.payonce.activities.operator.OperatorItem;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.activities.reconciliation.DifferenceRecheck;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.orphan.OrphanPayment;
import com.payonce.workflows.orphan.OrphanPaymentWorkflow;
import io.temporal.client.WorkflowClient;
import org.springframework.stereotype.Service;

/**
 * What an operator does with an item, for the API and the console alike: resolve it (the money is
 * settled by hand), or have payonce try again. Each lands in the item's audit trail.
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

  public OperatorItem resolve(long itemId, String operator, String note) {
    openItem(itemId);
    if (!items.move(
        itemId,
        OperatorItem.Status.OPEN,
        OperatorItem.Status.RESOLVED,
        "RESOLVED",
        operator,
        note)) {
      throw alreadyResolved(itemId);
    }
    return items.find(itemId).orElseThrow();
  }

  /**
   * A refused refund is sent again under a number the channel has not refused (an orphan run: it
   * asks the channel what is still captured first, and resolves the item once the money is back); a
   * reconciliation difference is checked against the ledger again, and resolved if it is gone.
   */
  public OperatorItem retry(long itemId, String operator, String note) {
    OperatorItem item = openItem(itemId);
    items.addAction(itemId, "RETRIED", operator, note);
    if (item.reason() == OperatorReason.REFUND_FAILED) {
      OrphanPaymentWorkflow.start(
          temporal,
          new OrphanPayment(
              item.channel(),
              item.attemptId(),
              "operator-retry/" + itemId + "/" + (item.retries() + 1),
              item.retries() + 1));
    } else {
      recheck.recheck(item);
    }
    return items.find(itemId).orElseThrow();
  }

  private OperatorItem openItem(long itemId) {
    OperatorItem item =
        items
            .find(itemId)
            .orElseThrow(
                () ->
                    new ApiProblem(Problem.OPERATOR_ITEM_NOT_FOUND, "no operator item " + itemId));
    if (item.status() != OperatorItem.Status.OPEN) {
      throw alreadyResolved(itemId);
    }
    return item;
  }

  private static ApiProblem alreadyResolved(long itemId) {
    return new ApiProblem(
        Problem.OPERATOR_ITEM_RESOLVED, "operator item " + itemId + " is already resolved");
  }
}
