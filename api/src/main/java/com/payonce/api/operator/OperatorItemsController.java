package com.payonce.api.operator;

import com.payonce.activities.operator.OperatorItem;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.api.orders.FieldPatterns;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.operator.OperatorReason;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator queue: what needs a person, oldest first, and the two things a person does with an
 * item — resolve it, or have payonce try again — each recorded in its audit trail.
 */
@RestController
@RequestMapping("/api/v1/operator/items")
class OperatorItemsController {
  private final OperatorItemsTable items;
  private final OperatorActions actions;

  OperatorItemsController(OperatorItemsTable items, OperatorActions actions) {
    this.items = items;
    this.actions = actions;
  }

  @GetMapping
  OperatorItemsPage list(
      @RequestParam(required = false) OperatorItem.Status status,
      @RequestParam(required = false) OperatorReason reason,
      @RequestParam(required = false)
          @Pattern(regexp = FieldPatterns.ID, message = FieldPatterns.ID_RULE)
          String orderId,
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @Parameter(description = "the last item id of the previous page")
          @RequestParam(defaultValue = "0")
          @Min(0)
          long startingAfter) {
    List<OperatorItem> found = items.list(status, reason, orderId, startingAfter, limit + 1);
    return new OperatorItemsPage(
        found.stream().limit(limit).map(OperatorItemResponse::of).toList(), found.size() > limit);
  }

  @GetMapping("/{itemId}")
  OperatorItemResponse one(@PathVariable @Min(1) long itemId) {
    return OperatorItemResponse.of(
        items
            .find(itemId)
            .orElseThrow(
                () ->
                    new ApiProblem(Problem.OPERATOR_ITEM_NOT_FOUND, "no operator item " + itemId)));
  }

  /** The money was settled by hand: the item leaves the queue, the trail says who and why. */
  @PostMapping("/{itemId}/resolve")
  OperatorItemResponse resolve(
      @PathVariable @Min(1) long itemId, @Valid @RequestBody OperatorActionBody body) {
    return OperatorItemResponse.of(actions.resolve(itemId, body.operator(), body.note()));
  }

  /**
   * A refused refund is sent again under a fresh number (the item resolves itself when the money is
   * back); a reconciliation difference is matched against the ledger again (resolved if gone).
   */
  @PostMapping("/{itemId}/retry")
  OperatorItemResponse retry(
      @PathVariable @Min(1) long itemId, @Valid @RequestBody OperatorActionBody body) {
    return OperatorItemResponse.of(actions.retry(itemId, body.operator(), body.note()));
  }
}
