package com.payonce.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts history events and billable Temporal actions of one workflow execution, following the
 * Temporal Cloud rules (https://docs.temporal.io/cloud/actions):
 *
 * <ul>
 *   <li>workflow started: 1 (search attributes given at start are free);
 *   <li>timer started: 1 each (TimerStarted; the SDK's implicit timers of await-with-timeout too);
 *   <li>search-attribute upsert: 1 per UpsertWorkflowSearchAttributes command (any number of keys);
 *   <li>signal: 1 per WorkflowExecutionSignaled;
 *   <li>update: 1 per accepted update (WorkflowExecutionUpdateAccepted); rejected updates also
 *       cost 1 but leave no event, so they are counted on the client side;
 *   <li>activity: 1 per start or retry (the attempt number of ActivityTaskStarted);
 *   <li>local activities: 1 per workflow task whose completion recorded one or more local-activity
 *       markers, however many (workflow-task heartbeats would add 1 each; none happen here);
 *   <li>side effects: 1 per SideEffect marker (mutable ones only when the value changes);
 *   <li>queries: 1 each, never in history: counted on the client side.
 * </ul>
 */
final class HistoryCost {
  static final List<String> ACTION_KINDS =
      List.of("workflow started", "timers", "search attribute upserts", "signals",
          "updates accepted", "activity attempts", "local-activity workflow tasks", "side effects");

  record Cost(String workflowId, boolean closed, int events, int workflowTasks,
      Map<String, Integer> actions) {
    int totalActions() {
      return actions.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  static Cost of(WorkflowClient client, String workflowId) {
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    return of(workflowId, history.getEvents());
  }

  static Cost of(String workflowId, List<HistoryEvent> events) {
    Map<String, Integer> actions = new LinkedHashMap<>();
    ACTION_KINDS.forEach(k -> actions.put(k, 0));
    Set<Long> laTasks = new HashSet<>();
    long lastTaskCompleted = -1;
    int workflowTasks = 0;
    boolean closed = false;
    for (HistoryEvent e : events) {
      EventType type = e.getEventType();
      switch (type) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> add(actions, "workflow started", 1);
        case EVENT_TYPE_TIMER_STARTED -> add(actions, "timers", 1);
        case EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES -> {
          var fields =
              e.getUpsertWorkflowSearchAttributesEventAttributes().getSearchAttributes().getIndexedFieldsMap();
          if (!(fields.size() == 1 && fields.containsKey("TemporalChangeVersion"))) {
            add(actions, "search attribute upserts", 1);
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> add(actions, "signals", 1);
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> add(actions, "updates accepted", 1);
        case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
            add(actions, "activity attempts", Math.max(1, e.getActivityTaskStartedEventAttributes().getAttempt()));
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> {
          lastTaskCompleted = e.getEventId();
          workflowTasks++;
        }
        case EVENT_TYPE_MARKER_RECORDED -> {
          String marker = e.getMarkerRecordedEventAttributes().getMarkerName();
          if (marker.equals("LocalActivity")) {
            laTasks.add(lastTaskCompleted);
          } else if (marker.equals("SideEffect")) {
            add(actions, "side effects", 1);
          }
        }
        case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
            EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
            EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT,
            EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED,
            EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> closed = true;
        default -> {}
      }
    }
    actions.put("local-activity workflow tasks", laTasks.size());
    return new Cost(workflowId, closed, events.size(), workflowTasks, actions);
  }

  /** Event-type histogram of one history, for the report. */
  static Map<String, Integer> eventTypes(List<HistoryEvent> events) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (HistoryEvent e : events) {
      String name = e.getEventType().name().replace("EVENT_TYPE_", "");
      out.merge(name, 1, Integer::sum);
    }
    return out;
  }

  private static void add(Map<String, Integer> actions, String kind, int n) {
    actions.merge(kind, n, Integer::sum);
  }
}
