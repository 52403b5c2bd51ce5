package com.payonce.systemtest;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * When payonce last heard the channel's answer about an attempt, read from the order workflow's own
 * history (its last run, where the final sweep is): the completion of its last QueryPayment
 * activity for that attempt, provided it belongs to the workflow's final look, i.e. no timer fired
 * after it. A capture after that, whose webhook the channel never delivered, is one payonce had no
 * way to learn of (only a statement can show it: issue 14). An attempt left out of later sweeps
 * (timers fired after its last answer) is a bug, not this case, and gets no answer here.
 */
final class LastLook {
  private LastLook() {}

  static Optional<Instant> finalAnswerAbout(
      WorkflowClient client, String orderId, String attemptId) {
    Map<Long, Boolean> queriesOfAttempt = new HashMap<>();
    Instant last = null;
    for (HistoryEvent e : client.fetchHistory(orderId).getEvents()) {
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
        last = Instant.ofEpochSecond(e.getEventTime().getSeconds(), e.getEventTime().getNanos());
      } else if (e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED) {
        last = null; // a later wake-up: this attempt's answer was not part of the final look
      }
    }
    return Optional.ofNullable(last);
  }
}
