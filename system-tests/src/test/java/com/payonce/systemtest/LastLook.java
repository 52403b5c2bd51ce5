package com.payonce.systemtest;

import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * When payonce last heard the channel's answer about an attempt, read from the order workflow's own
 * history (its last run, where the final sweep is): the completion of its last QueryPayment
 * activity for that attempt, provided it belongs to the workflow's final look: no timer fired after
 * it, and it came once the late-payment window (from the order's final status in that run) was
 * over. A capture after that, whose webhook the channel never delivered, is one payonce had no way
 * to learn of (only a statement can show it: issue 14). An attempt left out of later sweeps is a
 * bug, not this case, and gets no answer here.
 */
final class LastLook {
  private static final Pattern SETTLED = Pattern.compile("PAID|EXPIRED|CANCELLED");

  private LastLook() {}

  static Optional<Instant> finalAnswerAbout(
      WorkflowClient client, String orderId, String attemptId, Duration window) {
    Map<Long, Boolean> queriesOfAttempt = new HashMap<>();
    Instant last = null;
    Instant settled = null;
    for (HistoryEvent e : client.fetchHistory(orderId).getEvents()) {
      if (e.getEventType() == EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) {
        Payload status =
            e.getUpsertWorkflowSearchAttributesEventAttributes()
                .getSearchAttributes()
                .getIndexedFieldsMap()
                .get("OrderStatus");
        if (status != null && SETTLED.matcher(status.getData().toStringUtf8()).find()) {
          settled = time(e);
        }
      }
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        var scheduled = e.getActivityTaskScheduledEventAttributes();
        boolean query = scheduled.getActivityType().getName().equals("QueryPayment");
        boolean aboutAttempt =
            scheduled.getInput().getPayloadsList().stream()
                .anyMatch(p -> p.getData().toStringUtf8().contains(attemptId));
        queriesOfAttempt.put(e.getEventId(), query && aboutAttempt);
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED
          && queriesOfAttempt.getOrDefault(
              e.getActivityTaskCompletedEventAttributes().getScheduledEventId(), false)) {
        last = time(e);
      } else if (e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED) {
        last = null; // a later wake-up: this attempt's answer was not part of the final look
      }
    }
    // the window's end is planned from the start of the task that settled the order, up to a
    // second before that task's events are written
    boolean afterWindow =
        last != null && settled != null && !last.isBefore(settled.plus(window).minusSeconds(1));
    return afterWindow ? Optional.of(last) : Optional.empty();
  }

  private static Instant time(HistoryEvent e) {
    return Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
  }
}
