package com.payonce.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Has payonce reconcile every channel's statement of the days a batch ran (China time, as the
 * channels date their bills), through its API, and waits for each run to finish: the captures whose
 * webhooks the channel dropped reach the orphan path this way, as the daily schedule brings them in
 * production.
 */
final class StatementReconciliation {
  private static final ZoneId CHANNEL_TIME = ZoneId.of("Asia/Shanghai");

  private StatementReconciliation() {}

  /** Returns one line per run: its channel, day, lines and differences. */
  static List<String> reconcile(Topology topology, Instant since, Duration within) {
    String base = topology.appUrl("app") + "/api/v1/reconciliations";
    Map<String, String> auth = Map.of("Authorization", "Bearer " + topology.apiKey());
    List<String> runs = new ArrayList<>();
    LocalDate today = LocalDate.now(CHANNEL_TIME);
    for (LocalDate day = LocalDate.ofInstant(since, CHANNEL_TIME);
        !day.isAfter(today);
        day = day.plusDays(1)) {
      for (String channel : Topology.CHANNELS) {
        String body = "{\"channel\":\"" + channel + "\",\"billDate\":\"" + day + "\"}";
        Instant asked = Instant.now();
        Http.post(base, body, auth).expect(202);
        JsonNode report = awaitDone(base, body, channel + "/" + day, auth, asked, within);
        JsonNode run = report.path("run");
        Map<String, Integer> kinds = new TreeMap<>();
        for (JsonNode d : report.path("differences")) {
          kinds.merge(d.path("kind").asText() + " → " + d.path("action").asText(), 1, Integer::sum);
        }
        runs.add(
            channel
                + " "
                + day
                + ": "
                + run.path("linesDone").asLong()
                + " lines, "
                + run.path("differences").asLong()
                + " differences "
                + kinds);
      }
    }
    return runs;
  }

  /**
   * The report (the run and its differences) of the run started after {@code asked} (a rerun of the
   * day resets it), once finished.
   */
  private static JsonNode awaitDone(
      String base,
      String body,
      String day,
      Map<String, String> auth,
      Instant asked,
      Duration within) {
    String url = base + "/" + day;
    long deadline = System.currentTimeMillis() + within.toMillis();
    while (true) {
      Http.Response answer = Http.get(url + "?limit=1000", auth);
      if (answer.status() == 200) {
        JsonNode run = answer.json().path("run");
        boolean fresh =
            !Instant.parse(run.path("startedAt").asText()).isBefore(asked.minusSeconds(1));
        if (fresh && "DONE".equals(run.path("status").asText())) {
          return answer.json();
        }
        if (!fresh && "DONE".equals(run.path("status").asText())) {
          // the POST joined a run open then (the app's own schedule): that one is over, ask again
          asked = Instant.now();
          Http.post(base, body, auth).expect(202);
        }
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("the reconciliation at " + url + " did not finish: " + answer);
      }
      Await.pause(Duration.ofMillis(500));
    }
  }
}
