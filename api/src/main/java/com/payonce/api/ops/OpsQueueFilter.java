package com.payonce.api.ops;

import com.payonce.activities.operator.OperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import java.util.Arrays;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The queue's filters as the form sends them: open items unless resolved ones are asked for (the
 * queue is worked from its open end), a reason or all of them, and the cursor (the last item id of
 * the previous page; the queue is oldest first, as it is worked).
 */
record OpsQueueFilter(OperatorItem.Status status, OperatorReason reason, long startingAfter) {
  static final int PAGE = 20;

  static OpsQueueFilter parse(String status, String reason, String startingAfter) {
    return new OpsQueueFilter(statusOf(status), reasonOf(reason), cursorOf(startingAfter));
  }

  /** The next page's address: these filters, after {@code lastItemId}. */
  String nextPage(long lastItemId) {
    UriComponentsBuilder next =
        UriComponentsBuilder.fromPath("/ops/queue").queryParam("status", status.name());
    if (reason != null) {
      next.queryParam("reason", reason.name());
    }
    return next.queryParam("startingAfter", lastItemId).build().toUriString();
  }

  public String statusName() {
    return status.name();
  }

  public String reasonName() {
    return reason == null ? null : reason.name();
  }

  private static OperatorItem.Status statusOf(String status) {
    if (status == null || status.isBlank()) {
      return OperatorItem.Status.OPEN;
    }
    try {
      return OperatorItem.Status.valueOf(status);
    } catch (IllegalArgumentException e) {
      throw OpsProblem.badRequest("status must be OPEN or RESOLVED");
    }
  }

  private static OperatorReason reasonOf(String reason) {
    if (reason == null || reason.isBlank()) {
      return null;
    }
    try {
      return OperatorReason.valueOf(reason);
    } catch (IllegalArgumentException e) {
      throw OpsProblem.badRequest(
          "reason must be one of " + Arrays.toString(OperatorReason.values()));
    }
  }

  private static long cursorOf(String startingAfter) {
    if (startingAfter == null || startingAfter.isBlank()) {
      return 0;
    }
    try {
      long after = Long.parseLong(startingAfter);
      if (after >= 0) {
        return after;
      }
    } catch (NumberFormatException e) {
      // the same answer as a negative one
    }
    throw OpsProblem.badRequest("startingAfter must be an item id");
  }
}
