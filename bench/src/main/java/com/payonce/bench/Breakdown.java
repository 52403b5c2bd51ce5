package com.payonce.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of pay and settle goes, per order, from timestamps that exist anyway: the
 * client's send/receive times, the channel's capture time, the workflow history's event times
 * (the server's clock, same machine) and the ledger's PAID record.
 */
final class Breakdown {
  static final List<String> PAY_PHASES = List.of(
      "request → update accepted (frontend, workflow task, validator)",
      "accepted → create activity started (dispatch to a worker)",
      "create activity ran (channel create over HTTP)",
      "activity done → update completed (workflow task: SA upsert + ledger local activity)",
      "update completed → answer at the client");
  static final List<String> SETTLE_PHASES = List.of(
      "capture → signal in history (callback to the workflow)",
      "signal → query activity scheduled (workflow task)",
      "query scheduled → started (dispatch to a worker)",
      "query activity ran (channel query over HTTP)",
      "query done → ledger PAID record (workflow task → ledger local activity)");

  /** Client-side wall times of one order, microseconds. */
  record OrderTimes(long payStart, long payEnd, long captured, long paidRecorded) {}

  private final Map<String, List<Long>> phases = new LinkedHashMap<>();
  private int orders;

  Breakdown() {
    PAY_PHASES.forEach(p -> phases.put(p, new ArrayList<>()));
    SETTLE_PHASES.forEach(p -> phases.put(p, new ArrayList<>()));
  }

  void add(List<HistoryEvent> events, OrderTimes t) {
    long accepted = -1;
    long updateDone = -1;
    long signaled = -1;
    long[] payActivity = null;
    long[] queryActivity = null;
    Map<Long, long[]> activities = new LinkedHashMap<>(); // scheduled id -> {scheduled, started, completed}
    for (HistoryEvent e : events) {
      long at = micros(e);
      EventType type = e.getEventType();
      switch (type) {
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> accepted = accepted < 0 ? at : accepted;
        case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> updateDone = updateDone < 0 ? at : updateDone;
        case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> signaled = signaled < 0 ? at : signaled;
        case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
          long[] a = new long[] {at, -1, -1};
          activities.put(e.getEventId(), a);
          if (accepted >= 0 && payActivity == null) {
            payActivity = a;
          } else if (signaled >= 0 && queryActivity == null) {
            queryActivity = a;
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_STARTED -> {
          long[] a = activities.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId());
          if (a != null) {
            a[1] = at;
          }
        }
        case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
          long[] a = activities.get(e.getActivityTaskCompletedEventAttributes().getScheduledEventId());
          if (a != null) {
            a[2] = at;
          }
        }
        default -> {}
      }
    }
    if (accepted < 0 || signaled < 0 || payActivity == null || queryActivity == null
        || payActivity[2] < 0 || queryActivity[2] < 0 || updateDone < 0) {
      return;
    }
    orders++;
    put(PAY_PHASES.get(0), accepted - t.payStart());
    put(PAY_PHASES.get(1), payActivity[1] - accepted);
    put(PAY_PHASES.get(2), payActivity[2] - payActivity[1]);
    put(PAY_PHASES.get(3), updateDone - payActivity[2]);
    put(PAY_PHASES.get(4), t.payEnd() - updateDone);
    put(SETTLE_PHASES.get(0), signaled - t.captured());
    put(SETTLE_PHASES.get(1), queryActivity[0] - signaled);
    put(SETTLE_PHASES.get(2), queryActivity[1] - queryActivity[0]);
    put(SETTLE_PHASES.get(3), queryActivity[2] - queryActivity[1]);
    put(SETTLE_PHASES.get(4), t.paidRecorded() - queryActivity[2]);
  }

  int orders() {
    return orders;
  }

  /** phase → {median, mean} in milliseconds. */
  Map<String, double[]> summary() {
    Map<String, double[]> out = new LinkedHashMap<>();
    phases.forEach((name, values) -> {
      List<Long> v = new ArrayList<>(values);
      v.sort(Long::compare);
      double median = v.isEmpty() ? Double.NaN : v.get(v.size() / 2) / 1000.0;
      double mean = v.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1000.0;
      out.put(name, new double[] {median, mean});
    });
    return out;
  }

  static void table(Report report, Map<String, Breakdown> bySystem) {
    List<String> systems = new ArrayList<>(bySystem.keySet());
    StringBuilder head = new StringBuilder("| phase (median / mean ms over the sample) |");
    StringBuilder sep = new StringBuilder("|---|");
    for (String s : systems) {
      head.append(' ').append(s).append(" (").append(bySystem.get(s).orders()).append(" orders) |");
      sep.append("---:|");
    }
    report.line(head.toString()).line(sep.toString());
    List<String> all = new ArrayList<>(PAY_PHASES);
    all.addAll(SETTLE_PHASES);
    for (String phase : all) {
      StringBuilder row = new StringBuilder("| " + (PAY_PHASES.contains(phase) ? "pay: " : "settle: ") + phase + " |");
      for (String s : systems) {
        double[] v = bySystem.get(s).summary().get(phase);
        row.append(String.format(Locale.ROOT, " %s / %s |", Report.f(v[0]), Report.f(v[1])));
      }
      report.line(row.toString());
    }
    report.blank();
  }

  private void put(String phase, long micros) {
    phases.get(phase).add(micros);
  }

  private static long micros(HistoryEvent e) {
    return e.getEventTime().getSeconds() * 1_000_000 + e.getEventTime().getNanos() / 1_000;
  }
}
