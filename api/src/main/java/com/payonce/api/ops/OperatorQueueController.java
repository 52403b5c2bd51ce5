package com.payonce.api.ops;

import com.payonce.activities.operator.OperatorItem;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.api.operator.OperatorActions;
import com.payonce.workflows.operator.OperatorReason;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The operator queue in the console: the items with their audit trails, and Resolve and Retry as
 * POST forms (CSRF-checked by Spring Security) that call the same {@link OperatorActions} as the
 * API, signed with the logged-in operator's name, never one the form could send. Each POST
 * redirects to the item, so a reload never acts twice.
 */
@Controller
@ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
class OperatorQueueController {
  /** As the API takes a note (OperatorActionBody): line breaks and tabs, no other controls. */
  private static final Pattern NOTE = Pattern.compile("[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*");

  private static final int MAX_NOTE = 1000;

  private final OperatorItemsTable items;
  private final OperatorActions actions;

  OperatorQueueController(OperatorItemsTable items, OperatorActions actions) {
    this.items = items;
    this.actions = actions;
  }

  @GetMapping("/ops/queue")
  ModelAndView queue(
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String reason,
      @RequestParam(required = false) String startingAfter) {
    OpsQueueFilter filter = OpsQueueFilter.parse(status, reason, startingAfter);
    List<OperatorItem> found =
        items.list(
            filter.status(),
            filter.reason(),
            null,
            filter.startingAfter(),
            OpsQueueFilter.PAGE + 1);
    List<OpsQueueItem> page =
        found.stream()
            .limit(OpsQueueFilter.PAGE)
            // the list leaves the trails out; the console shows each item's
            .map(item -> items.find(item.itemId()).orElse(item))
            .map(OpsQueueItem::of)
            .toList();
    String nextPage =
        found.size() > OpsQueueFilter.PAGE
            ? filter.nextPage(page.get(page.size() - 1).itemId())
            : null;
    return new ModelAndView(
        "ops/queue",
        Map.of(
            "filter",
            filter,
            "items",
            page,
            "nextPage",
            nextPage == null ? "" : nextPage,
            "reasons",
            Arrays.stream(OperatorReason.values()).map(Enum::name).toList()));
  }

  @GetMapping("/ops/queue/{itemId}")
  ModelAndView item(@PathVariable String itemId, @RequestParam(required = false) String done) {
    OperatorItem item = items.find(idOf(itemId)).orElseThrow(() -> noItem(itemId));
    return new ModelAndView(
        "ops/queue-item",
        Map.of(
            "item",
            OpsQueueItem.of(item),
            "done",
            "resolved".equals(done) || "retried".equals(done) ? done : ""));
  }

  @PostMapping("/ops/queue/{itemId}/resolve")
  String resolve(
      @PathVariable String itemId,
      @RequestParam(required = false) String note,
      Principal operator) {
    long id = idOf(itemId);
    actions.resolve(id, operator.getName(), checked(note));
    return "redirect:/ops/queue/" + id + "?done=resolved";
  }

  @PostMapping("/ops/queue/{itemId}/retry")
  String retry(
      @PathVariable String itemId,
      @RequestParam(required = false) String note,
      Principal operator) {
    long id = idOf(itemId);
    actions.retry(id, operator.getName(), checked(note));
    return "redirect:/ops/queue/" + id + "?done=retried";
  }

  private static long idOf(String itemId) {
    try {
      long id = Long.parseLong(itemId);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // the same answer as an id no item has
    }
    throw noItem(itemId);
  }

  private static OpsProblem noItem(String itemId) {
    return OpsProblem.notFound("there is no operator item " + itemId);
  }

  private static String checked(String note) {
    if (note == null || note.isBlank()) {
      return null;
    }
    if (note.length() > MAX_NOTE || !NOTE.matcher(note).matches()) {
      throw OpsProblem.badRequest(
          "a note is at most " + MAX_NOTE + " characters, without control characters");
    }
    return note;
  }
}
