package com.payonce.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault-proof run: batches of randomized, seeded scenarios played concurrently against the
 * production topology while the simulator injects faults and the app and Temporal are killed and
 * restarted; after each batch the faults stop and every order is checked against the channels'
 * ledgers, payonce's ledger and its workflow until it settles, within a bound.
 *
 * <p>Seeds: the run seed gives each batch a seed B (its fault profile, the simulator's seeds, its
 * kills and restarts); scenario i of the batch has seed {@code B * 1000 + i} and order id {@code
 * fp-<B in base 36>-<i>}. {@code -Dpayonce.faultProof.only=<scenario seed>} replays one scenario
 * alone under its batch's faults and kills.
 */
final class FaultProof {

  /** The run's settings, from system properties (see {@link #fromSystemProperties}). */
  record Config(
      int scenarios,
      long seed,
      Long only,
      int concurrency,
      int batchSize,
      Duration settleBound,
      double appKillRate,
      double temporalRestartRate,
      boolean temporalSigkill,
      Duration budget,
      boolean soak,
      Path report) {

    static Config fromSystemProperties(boolean soak) {
      String scenarios = System.getProperty("payonce.faultProof.scenarios");
      String seed = System.getProperty("payonce.faultProof.seed");
      String only = System.getProperty("payonce.faultProof.only");
      return new Config(
          scenarios == null || scenarios.isBlank() ? 240 : Integer.parseInt(scenarios.trim()),
          seed == null || seed.isBlank()
              ? (soak ? System.currentTimeMillis() : 20261126L)
              : Long.parseLong(seed.trim()),
          only == null || only.isBlank() ? null : Long.parseLong(only.trim()),
          Integer.getInteger("payonce.faultProof.concurrency", soak ? 16 : 12),
          Integer.getInteger("payonce.faultProof.batchSize", soak ? 100 : 60),
          Duration.ofSeconds(Integer.getInteger("payonce.faultProof.settleSeconds", 240)),
          Double.parseDouble(System.getProperty("payonce.faultProof.appKillRate", "0.5")),
          Double.parseDouble(System.getProperty("payonce.faultProof.temporalRestartRate", "0.25")),
          Boolean.getBoolean("payonce.faultProof.temporalSigkill"),
          Duration.ofMinutes(Integer.getInteger("payonce.faultProof.maxMinutes", soak ? 600 : 40)),
          soak,
          Path.of(System.getProperty("payonce.faultProof.report", "target/fault-proof-report.md")));
    }
  }

  /** The topology the run needs: short late-payment window and polls, a short read timeout. */
  static final Duration LATE_PAYMENT_WINDOW = Duration.ofSeconds(30);

  static final long APP_READ_TIMEOUT_MS = 2000;

  static Topology.Options topologyOptions() {
    return new Topology.Options(
        LATE_PAYMENT_WINDOW,
        Duration.ofSeconds(1),
        Duration.ofSeconds(4),
        List.of(
            "--payonce.channels.alipay.read-timeout=" + APP_READ_TIMEOUT_MS + "ms",
            "--payonce.channels.wechat.read-timeout=" + APP_READ_TIMEOUT_MS + "ms",
            // the limiter runs, but storms must reach the workflow's own caps (rate limits are
            // RateLimitApiTest's)
            "--payonce.rate-limits.per-customer.calls=1000000",
            "--payonce.rate-limits.per-api-key.calls=1000000"),
        // a real PSP retries its notifications for hours; 10 attempts span about 4 minutes
        List.of("--payonce.sandbox.webhook-max-attempts=10"));
  }

  record ChaosEvent(long atMillis, String kind, long downMillis) {}

  record Violation(
      long seed, String orderId, String kind, List<String> problems, List<String> trace) {}

  record BatchSummary(
      int index,
      long seed,
      int scenarios,
      String profile,
      List<ChaosEvent> chaos,
      long millis,
      int violations) {}

  private final Topology topology;
  private final Config config;
  private final InvariantChecker checker;
  private final Tally tally = new Tally();
  private final List<Violation> violations = Collections.synchronizedList(new ArrayList<>());
  private final List<String> reconciliations = Collections.synchronizedList(new ArrayList<>());
  private final List<Long> settleMillis = Collections.synchronizedList(new ArrayList<>());
  private final List<BatchSummary> batches = new ArrayList<>();
  private final Map<String, Long> settledAt = new ConcurrentHashMap<>();
  private MerchantWebhookReceiver shop;

  /** channel/merchantOrderNo of unrecorded captures already reported (checked again each batch). */
  private final Set<String> reportedUnrecorded = new HashSet<>();

  private final Map<String, Integer> finalStatuses = new TreeMap<>();
  private int scenariosRun;
  private long startedAt;

  FaultProof(Topology topology, Config config) {
    this.topology = topology;
    this.config = config;
    this.checker = new InvariantChecker(topology);
  }

  List<Violation> violations() {
    return List.copyOf(violations);
  }

  int scenariosRun() {
    return scenariosRun;
  }

  static long batchSeed(long runSeed, int k, boolean forceAppKill, boolean forceTemporal) {
    long x = new SplittableRandom(runSeed + 0x9E3779B97F4A7C15L * (k + 1)).nextLong();
    long b = (x & ((1L << 50) - 1)) | 4L;
    return (b & ~3L) | (forceAppKill ? 1 : 0) | (forceTemporal ? 2 : 0);
  }

  static String batchPrefix(long batchSeed) {
    return "fp-" + Long.toString(batchSeed, 36) + "-";
  }

  static List<ChaosEvent> chaos(
      long batchSeed, double appKillRate, double temporalRate, boolean sigkill) {
    SplittableRandom r = new SplittableRandom(batchSeed ^ 0xC4A05C4A05L);
    List<ChaosEvent> events = new ArrayList<>();
    if ((batchSeed & 1) != 0 || r.nextDouble() < appKillRate) {
      events.add(new ChaosEvent(r.nextLong(2_000, 15_000), "kill -9 app", r.nextLong(0, 3_000)));
    }
    if (r.nextDouble() < 0.2) {
      events.add(new ChaosEvent(r.nextLong(15_000, 40_000), "kill -9 app", r.nextLong(0, 3_000)));
    }
    if ((batchSeed & 2) != 0 || r.nextDouble() < temporalRate) {
      boolean kill = sigkill && r.nextBoolean();
      events.add(
          new ChaosEvent(
              r.nextLong(2_000, 25_000),
              kill ? "kill -9 temporal" : "restart temporal",
              r.nextLong(500, 5_000)));
    }
    events.sort((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
    return events;
  }

  // ------------------------------------------------------------------ the run

  void run() throws Exception {
    startedAt = System.currentTimeMillis();
    for (String channel : Topology.CHANNELS) {
      Http.delete(topology.sandboxUrl(channel) + "/faults").expect(200);
      Http.delete(topology.sandboxUrl(channel) + "/settings").expect(200);
    }
    shop = new MerchantWebhookReceiver(config.seed());
    Http.Response registered =
        Http.post(
                topology.appUrl("app") + "/api/v1/webhook-endpoints",
                "{\"url\":\"" + shop.url() + "\"}",
                Map.of("Authorization", "Bearer " + topology.apiKey()))
            .expect(201);
    shop.secret(registered.json().path("secret").asText());
    checker.followShop(shop, registered.json().path("endpointId").asText());
    ThreadFactory daemons =
        runnable -> {
          Thread t = new Thread(runnable, "fault-proof");
          t.setDaemon(true);
          return t;
        };
    ExecutorService scenarioPool = Executors.newFixedThreadPool(config.concurrency(), daemons);
    ExecutorService helpers = Executors.newCachedThreadPool(daemons);
    ScheduledExecutorService watchers = Executors.newScheduledThreadPool(3, daemons);
    try {
      if (config.only() != null) {
        long b = config.only() / 1000;
        int i = (int) (config.only() % 1000);
        runBatch(0, b, List.of(i), scenarioPool, helpers, watchers);
      } else {
        int batchCount = (config.scenarios() + config.batchSize() - 1) / config.batchSize();
        long deadline = startedAt + config.budget().toMillis();
        for (int k = 0; k < batchCount; k++) {
          if (System.currentTimeMillis() > deadline) {
            System.out.printf(
                "[fault-proof] time budget %s spent: stopping after %d scenarios%n",
                config.budget(), scenariosRun);
            break;
          }
          int n = Math.min(config.batchSize(), config.scenarios() - k * config.batchSize());
          boolean forceKill = k == 0 && batchCount > 1;
          boolean forceTemporal = k == 1 || (k == 0 && batchCount == 1);
          long b = batchSeed(config.seed(), k, forceKill, forceTemporal);
          List<Integer> indexes = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            indexes.add(i);
          }
          runBatch(k, b, indexes, scenarioPool, helpers, watchers);
        }
      }
    } finally {
      scenarioPool.shutdownNow();
      helpers.shutdownNow();
      watchers.shutdownNow();
      writeReport();
      checker.close();
      shop.close();
    }
  }

  private void runBatch(
      int k,
      long b,
      List<Integer> indexes,
      ExecutorService scenarioPool,
      ExecutorService helpers,
      ScheduledExecutorService watchers)
      throws Exception {
    long batchStart = System.currentTimeMillis();
    FaultProfile profile = FaultProfile.draw(b, APP_READ_TIMEOUT_MS);
    List<ChaosEvent> chaos =
        chaos(b, config.appKillRate(), config.temporalRestartRate(), config.temporalSigkill());
    System.out.printf(
        "[fault-proof] batch %d seed %d: %d scenarios, %s; chaos %s%n",
        k, b, indexes.size(), profile.describe(), chaos);
    profile
        .settings()
        .forEach(
            (channel, settings) ->
                Http.put(topology.sandboxUrl(channel) + "/settings", settings.toString())
                    .expect(200));

    List<FaultScenario> scenarios = new ArrayList<>();
    for (int i : indexes) {
      scenarios.add(FaultScenario.plan(b * 1000 + i, batchPrefix(b) + i));
    }
    Thread chaosThread = new Thread(() -> playChaos(chaos, batchStart), "fault-proof-chaos");
    chaosThread.setDaemon(true);
    chaosThread.start();

    List<Future<?>> running = new ArrayList<>();
    for (FaultScenario scenario : scenarios) {
      running.add(
          scenarioPool.submit(
              () -> {
                scenario.run(topology, helpers, tally);
                if (scenario.hasOrder()) {
                  watch(
                      scenario,
                      watchers,
                      System.currentTimeMillis() + Duration.ofMinutes(10).toMillis());
                }
              }));
    }
    for (Future<?> future : running) {
      try {
        future.get(20, TimeUnit.MINUTES);
      } catch (Exception e) {
        future.cancel(true);
        System.out.println("[fault-proof] a scenario did not end: " + e);
      }
    }
    chaosThread.join(Duration.ofMinutes(5).toMillis());

    // the faults stop: every channel honest again, every process up
    for (String channel : Topology.CHANNELS) {
      Http.delete(topology.sandboxUrl(channel) + "/settings").expect(200);
    }
    ensureUp();
    long faultsOff = System.currentTimeMillis();
    // what the daily schedule does in production: the statements tell of payments whose
    // webhooks were lost
    StatementReconciliation.reconcile(
            topology, Instant.ofEpochMilli(batchStart), Duration.ofMinutes(5))
        .forEach(run -> reconciliations.add("batch " + k + ", " + run));
    // the settle bound counts from the end of the reconciliation, which hands them the money
    long deadline = System.currentTimeMillis() + config.settleBound().toMillis();
    int before = violations.size();
    verifyOrders(scenarios, deadline);
    verifyUnrecorded(scenarios, deadline);
    verifyNoOverRefund();
    verifyOneWorkflowPerOrder(b, scenarios);
    for (String forgery : shop.forgeries()) {
      violation(new Violation(b, "-", "unsigned-merchant-event", List.of(forgery), List.of()));
    }
    scenariosRun += scenarios.size();
    long took = System.currentTimeMillis() - batchStart;
    batches.add(
        new BatchSummary(
            k, b, scenarios.size(), profile.describe(), chaos, took, violations.size() - before));
    System.out.printf(
        "[fault-proof] batch %d done in %d s (faults off for %d s): %d scenarios, %d violations so"
            + " far, %d run%n",
        k,
        took / 1000,
        (System.currentTimeMillis() - faultsOff) / 1000,
        scenarios.size(),
        violations.size(),
        scenariosRun);
  }

  private void violation(Violation v) {
    violations.add(v);
    StringBuilder out = new StringBuilder();
    out.append("[fault-proof] VIOLATION ")
        .append(v.kind())
        .append(' ')
        .append(v.orderId())
        .append(" seed ")
        .append(v.seed())
        .append('\n');
    v.problems().forEach(p -> out.append("    - ").append(p).append('\n'));
    v.trace().forEach(t -> out.append("      ").append(t).append('\n'));
    System.out.print(out);
  }

  private void playChaos(List<ChaosEvent> events, long batchStart) {
    for (ChaosEvent event : events) {
      long wait = batchStart + event.atMillis() - System.currentTimeMillis();
      if (wait > 0) {
        Await.pause(Duration.ofMillis(wait));
      }
      try {
        switch (event.kind()) {
          case "kill -9 app" -> {
            topology.killApp("app");
            tally.add("process app killed (SIGKILL)");
            System.out.printf("[fault-proof] kill -9 app; down %d ms%n", event.downMillis());
            Await.pause(Duration.ofMillis(event.downMillis()));
            topology.startApp("app");
            tally.add("process app restarted");
          }
          case "restart temporal", "kill -9 temporal" -> {
            if (event.kind().startsWith("kill")) {
              topology.killTemporal();
              tally.add("process temporal killed (SIGKILL)");
            } else {
              topology.stopTemporal();
              tally.add("process temporal stopped (SIGTERM)");
            }
            System.out.printf("[fault-proof] %s; down %d ms%n", event.kind(), event.downMillis());
            Await.pause(Duration.ofMillis(event.downMillis()));
            topology.startTemporal();
            tally.add("process temporal restarted on its SQLite file");
          }
          default -> throw new IllegalStateException(event.kind());
        }
      } catch (RuntimeException e) {
        System.out.println("[fault-proof] chaos " + event + " failed: " + e);
        tally.add("chaos failures");
      }
    }
  }

  private void ensureUp() {
    if (!topology.temporal().isAlive()) {
      topology.startTemporal();
    }
    if (!topology.app("app").isAlive()) {
      topology.startApp("app");
    }
  }

  /** Polls one order in the background until its books agree: the time it took to settle. */
  private void watch(FaultScenario scenario, ScheduledExecutorService watchers, long until) {
    Runnable[] poll = new Runnable[1];
    poll[0] =
        () -> {
          try {
            if (settledAt.containsKey(scenario.orderId)) {
              return;
            }
            if (checker.check(scenario, true, 1000).settled()) {
              settledAt.putIfAbsent(scenario.orderId, System.currentTimeMillis());
              return;
            }
          } catch (RuntimeException e) {
            // a process restarting: look again
          }
          if (System.currentTimeMillis() < until) {
            watchers.schedule(poll[0], 1500, TimeUnit.MILLISECONDS);
          }
        };
    watchers.schedule(poll[0], 1000, TimeUnit.MILLISECONDS);
  }

  /** After the faults stop: every order must settle in all three books before the deadline. */
  private void verifyOrders(List<FaultScenario> scenarios, long deadline) {
    List<FaultScenario> pending = new ArrayList<>();
    for (FaultScenario s : scenarios) {
      if (!s.anomalies().isEmpty()) {
        violation(new Violation(s.seed, s.orderId, "api", s.anomalies(), s.trace()));
      }
      if (s.hasOrder()) {
        pending.add(s);
      }
    }
    Map<String, InvariantChecker.Verdict> last = new LinkedHashMap<>();
    long lastProgress = System.currentTimeMillis();
    while (!pending.isEmpty()) {
      for (FaultScenario s : new ArrayList<>(pending)) {
        InvariantChecker.Verdict verdict;
        try {
          verdict = checker.check(s, false, 1000);
        } catch (RuntimeException e) {
          verdict = new InvariantChecker.Verdict(List.of("check failed: " + e), "?", false);
        }
        last.put(s.orderId, verdict);
        if (verdict.settled()) {
          long at = settledAt.getOrDefault(s.orderId, System.currentTimeMillis());
          long from = s.lastActionAtMillis();
          if (!List.of("PAID", "PARTIALLY_REFUNDED", "REFUNDED", "CANCELLED")
              .contains(verdict.status())) {
            from = Math.max(from, s.expiresAtMillis());
          }
          settleMillis.add(Math.max(0, at - from));
          synchronized (finalStatuses) {
            finalStatuses.merge(verdict.status(), 1, Integer::sum);
          }
          pending.remove(s);
        }
      }
      if (pending.isEmpty() || System.currentTimeMillis() > deadline) {
        break;
      }
      if (System.currentTimeMillis() - lastProgress > 30_000) {
        lastProgress = System.currentTimeMillis();
        FaultScenario sample = pending.get(0);
        System.out.printf(
            "[fault-proof] %d orders not settled yet, e.g. %s (seed %d): %s%n",
            pending.size(), sample.orderId, sample.seed, last.get(sample.orderId).problems());
      }
      Await.pause(Duration.ofMillis(1500));
    }
    for (FaultScenario s : pending) {
      InvariantChecker.Verdict verdict = last.get(s.orderId);
      List<String> problems = new ArrayList<>(verdict.problems());
      if (problems.isEmpty()) {
        problems.add("the workflow never answered its view query");
      }
      if (s.paidAfterWorkflowEnd() || s.paidAtBoundary()) {
        // once a known limit: paid where payonce could not hear of it but through its statement
        problems.add(
            "paid "
                + (s.paidAfterWorkflowEnd()
                    ? "after its workflow ended (close not honored)"
                    : "at a boundary with its query lagging (" + s.kind + ")")
                + ", and the statement's reconciliation did not give it back");
      }
      synchronized (finalStatuses) {
        finalStatuses.merge("UNSETTLED", 1, Integer::sum);
      }
      violation(new Violation(s.seed, s.orderId, "order", problems, s.trace()));
    }
  }

  /**
   * Merchant orders at the channels that payonce never recorded (orders it never made, a create it
   * never heard back from, or an order at one channel under an attempt id payonce made at the
   * other): whatever they captured must be refunded, by an orphan workflow.
   */
  private void verifyUnrecorded(List<FaultScenario> scenarios, long deadline) throws Exception {
    Map<String, FaultScenario> strangers = new LinkedHashMap<>();
    for (FaultScenario s : scenarios) {
      for (String[] stranger : s.strangers()) {
        strangers.put(stranger[0] + "/" + stranger[1], s);
      }
    }
    Map<String, InvariantChecker.Line> unresolved;
    while (true) {
      unresolved = new LinkedHashMap<>();
      Set<String> known = checker.allAttempts();
      for (InvariantChecker.Line line : checker.channelLedger(0).values()) {
        if (!known.contains(line.key()) && line.captured() != line.refunded()) {
          unresolved.put(line.key(), line);
        }
      }
      if (unresolved.isEmpty() || System.currentTimeMillis() > deadline) {
        break;
      }
      Await.pause(Duration.ofSeconds(2));
    }
    Map<String, Long> orphanRefunds = checker.orphanRefunds();
    for (Map.Entry<String, FaultScenario> e : strangers.entrySet()) {
      InvariantChecker.Line line = checker.channelLedger(0).get(e.getKey());
      if (line != null && line.captured() > 0 && !unresolved.containsKey(e.getKey())) {
        tally.add("stranger payments refunded");
        if (!orphanRefunds.containsKey(e.getKey())) {
          violation(
              new Violation(
                  e.getValue().seed,
                  e.getKey(),
                  "orphan",
                  List.of(
                      "the stranger payment "
                          + line
                          + " was refunded but orphan_refunds has no row for it"),
                  e.getValue().trace()));
        }
      }
    }
    if (unresolved.isEmpty()) {
      return;
    }
    Set<String> lost = lostWebhooks();
    for (Map.Entry<String, InvariantChecker.Line> e : unresolved.entrySet()) {
      if (!reportedUnrecorded.add(e.getKey())) {
        continue; // an earlier batch's, already reported
      }
      FaultScenario owner = strangers.get(e.getKey());
      long seed = owner == null ? 0 : owner.seed;
      violation(
          new Violation(
              seed,
              e.getKey(),
              "orphan",
              List.of(
                  "merchant order "
                      + e.getValue()
                      + " is not in payonce's ledger and keeps "
                      + (e.getValue().captured() - e.getValue().refunded())
                      + " captured"
                      + (lost.contains(e.getKey())
                          ? " (its payment webhook was lost: only the statement tells of it)"
                          : "")),
              owner == null ? List.of() : owner.trace()));
    }
  }

  /** channel/merchantOrderNo of lines already reported as refunding more than they captured. */
  private final Set<String> reportedOverRefunds = new HashSet<>();

  /** No channel line (the simulator's own books) refunds more than it captured. */
  private void verifyNoOverRefund() {
    for (InvariantChecker.Line line : checker.channelLedger(0).values()) {
      if ((line.refunded() > line.captured() || line.refunded() < 0)
          && reportedOverRefunds.add(line.key())) {
        violation(
            new Violation(
                0,
                line.key(),
                "channel",
                List.of(line + ": refunded more than captured at the channel"),
                List.of()));
      }
    }
  }

  private static final Pattern DROPPED =
      Pattern.compile(
          "Sandbox fault webhookDropped on channel (\\S+) order (\\S+): PAYMENT_SUCCEEDED");
  private static final Pattern GAVE_UP =
      Pattern.compile("Gave up on PAYMENT_SUCCEEDED \\S+ for (\\S+)/(\\S+) to");

  private Set<String> lostCache = Set.of();
  private long lostReadAt;

  /** channel/merchantOrderNo of every payment webhook the simulator dropped or gave up on. */
  private synchronized Set<String> lostWebhooks() {
    if (System.currentTimeMillis() - lostReadAt < 2000) {
      return lostCache;
    }
    Set<String> lost = new HashSet<>();
    for (String line : topology.sandbox().allLogs().lines().toList()) {
      Matcher m = DROPPED.matcher(line);
      if (m.find()) {
        lost.add(m.group(1) + "/" + m.group(2));
        continue;
      }
      m = GAVE_UP.matcher(line);
      if (m.find()) {
        lost.add(m.group(1) + "/" + m.group(2));
      }
    }
    lostCache = lost;
    lostReadAt = System.currentTimeMillis();
    return lost;
  }

  /**
   * One orders row (by the primary key, checked per order) and one workflow execution per id (its
   * runs that continued as new aside: one chain, one run not continued); no order and no workflow
   * under an id whose checkout was refused.
   */
  private void verifyOneWorkflowPerOrder(long b, List<FaultScenario> scenarios) {
    Map<String, Map<String, WorkflowExecutionStatus>> runs;
    try {
      runs = checker.executions(batchPrefix(b));
      // adversarial ids outside the batch's prefix (orphan-<channel>-<no>), listed one by one
      for (FaultScenario s : scenarios) {
        List<String> ids = new ArrayList<>(s.mustNotExist());
        ids.add(s.orderId);
        for (String id : ids) {
          if (!id.startsWith(batchPrefix(b))) {
            Map<String, WorkflowExecutionStatus> exact = checker.executions(id).get(id);
            if (exact != null) {
              runs.put(id, exact);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      violation(
          new Violation(
              b * 1000,
              batchPrefix(b) + "*",
              "workflows",
              List.of("could not list the batch's workflows: " + e),
              List.of()));
      return;
    }
    for (FaultScenario s : scenarios) {
      for (String id : s.mustNotExist()) {
        try {
          if (checker.orderRow(id) != null) {
            violation(
                new Violation(
                    s.seed,
                    id,
                    "workflows",
                    List.of("an orders row exists for " + id + ", whose checkout was refused"),
                    s.trace()));
          }
        } catch (java.sql.SQLException e) {
          violation(
              new Violation(
                  s.seed,
                  id,
                  "workflows",
                  List.of("could not read the orders row: " + e),
                  s.trace()));
        }
      }
    }
    Set<String> ours = new HashSet<>();
    for (FaultScenario s : scenarios) {
      if (!s.hasOrder()) {
        continue;
      }
      ours.add(s.orderId);
      Map<String, WorkflowExecutionStatus> ids = runs.getOrDefault(s.orderId, Map.of());
      long continued =
          ids.values().stream()
              .filter(
                  st -> st == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW)
              .count();
      tally.add("workflow executions listed", ids.size() - continued);
      tally.add("workflow runs continued as new", continued);
      if (ids.size() - continued != 1) {
        violation(
            new Violation(
                s.seed,
                s.orderId,
                "workflows",
                List.of(
                    "the SDK lists "
                        + (ids.size() - continued)
                        + " executions (runs not continued as new) for workflow id "
                        + s.orderId
                        + ": "
                        + ids),
                s.trace()));
      }
    }
    for (String id : runs.keySet()) {
      if (!ours.contains(id)) {
        violation(
            new Violation(
                b * 1000,
                id,
                "workflows",
                List.of("a workflow " + id + " exists that no checkout of this batch created"),
                List.of()));
      }
    }
  }

  // ------------------------------------------------------------------ the report

  private void writeReport() {
    String report;
    try {
      report = report();
    } catch (Exception e) {
      report = "# Fault-proof report\n\nThe report could not be assembled: " + e + "\n";
    }
    System.out.println(report);
    try {
      Path file = config.report().toAbsolutePath();
      Files.createDirectories(file.getParent());
      Files.writeString(file, report);
      System.out.println("[fault-proof] report written to " + file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String report() throws Exception {
    long took = System.currentTimeMillis() - startedAt;
    StringBuilder out = new StringBuilder();
    out.append("# Fault-proof report\n\n");
    out.append("Generated ")
        .append(Instant.now())
        .append(" by `FaultProofSystemTest` (")
        .append(
            config.only() != null
                ? "replay of scenario " + config.only()
                : config.soak() ? "soak" : "short mode")
        .append(").\n\n");
    out.append("| | |\n|---|---|\n");
    out.append(row("run seed", config.only() != null ? "-" : Long.toString(config.seed())));
    out.append(
        row(
            "scenarios run",
            scenariosRun + (config.only() == null ? " of " + config.scenarios() + " asked" : "")));
    out.append(row("batches", Integer.toString(batches.size())));
    out.append(
        row(
            "concurrency",
            config.concurrency() + " scenarios in flight, batches of " + config.batchSize()));
    out.append(row("wall time", String.format("%.1f min", took / 60000.0)));
    out.append(row("settle bound", config.settleBound().toSeconds() + " s after the faults stop"));
    out.append(
        row(
            "shop events",
            "each settled state announced; each shop event delivered signed, in order, to a shop"
                + " failing one in five"));
    out.append(
        row(
            "app settings",
            "late-payment window "
                + LATE_PAYMENT_WINDOW.toSeconds()
                + " s, polls 1 s doubling to 4 s, channel read timeout "
                + APP_READ_TIMEOUT_MS
                + " ms"));
    out.append(
        row(
            "adversarial scenarios",
            tally.get("adversarial scenarios")
                + " (every "
                + FaultScenario.ADVERSARIAL_EVERY
                + "th of a batch, the "
                + FaultScenario.Kind.ADVERSARIAL.size()
                + " adversarial kinds in turn)"));
    out.append(row("**violations**", "**" + violations.size() + "**"));
    out.append('\n');

    out.append("## Scenarios\n\n| kind | count |\n|---|---|\n");
    tally.withPrefix("scenario ").forEach((k, v) -> out.append(row(k, Long.toString(v))));
    out.append(
        "\nFinal order statuses (all three books agreeing):\n\n| status | orders |\n|---|---|\n");
    synchronized (finalStatuses) {
      finalStatuses.forEach((k, v) -> out.append(row(k, Integer.toString(v))));
    }

    out.append("\nOrder runs that continued as new (one chain per order): ")
        .append(tally.get("workflow runs continued as new"))
        .append(".\n");
    out.append("\n## Time for an order to settle\n\n");
    out.append(
        "From its last shop or customer action (or its expiry, for an order that expired) to the"
            + " first check where the channels' ledgers, payonce's ledger and the workflow agree"
            + " and every attempt and refund is final.\n\n");
    List<Long> sorted = new ArrayList<>(settleMillis);
    Collections.sort(sorted);
    out.append("| orders | p50 | p90 | p99 | max |\n|---|---|---|---|---|\n");
    out.append(
        String.format(
            "| %d | %s | %s | %s | %s |%n",
            sorted.size(),
            seconds(percentile(sorted, 50)),
            seconds(percentile(sorted, 90)),
            seconds(percentile(sorted, 99)),
            seconds(sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1))));

    out.append(
        "\n## Faults injected by the simulator (sum of `GET /sandbox/{channel}/v1/faults`)\n\n");
    out.append("| fault | alipay | wechat | total |\n|---|---|---|---|\n");
    Map<String, long[]> faults = new LinkedHashMap<>();
    for (int c = 0; c < Topology.CHANNELS.size(); c++) {
      JsonNode counts =
          Http.get(topology.sandboxUrl(Topology.CHANNELS.get(c)) + "/faults", Map.of())
              .expect(200)
              .json();
      int channel = c;
      counts
          .fields()
          .forEachRemaining(
              e ->
                  faults.computeIfAbsent(e.getKey(), x -> new long[2])[channel] =
                      e.getValue().asLong());
    }
    long allFaults = 0;
    for (Map.Entry<String, long[]> e : faults.entrySet()) {
      long total = e.getValue()[0] + e.getValue()[1];
      allFaults += total;
      out.append(
          String.format(
              "| %s | %d | %d | %d |%n", e.getKey(), e.getValue()[0], e.getValue()[1], total));
    }
    out.append(String.format("| **all** | | | **%d** |%n", allFaults));

    out.append("\n## Processes killed and restarted\n\n| what | times |\n|---|---|\n");
    tally.withPrefix("process ").forEach((k, v) -> out.append(row(k, Long.toString(v))));
    if (tally.get("chaos failures") > 0) {
      out.append(row("chaos actions that failed", Long.toString(tally.get("chaos failures"))));
    }

    out.append(
        "\n## Money given back automatically\n\n| refund | count | state |\n|---|---|---|\n");
    for (List<String> r :
        checker.query(
            "SELECT split_part(reason, ':', 1), status, count(*) FROM refunds WHERE kind ="
                + " 'AUTOMATIC' GROUP BY 1, 2 ORDER BY 1, 2")) {
      out.append(String.format("| order workflow: %s | %s | %s |%n", r.get(0), r.get(2), r.get(1)));
    }
    for (List<String> r :
        checker.query(
            "SELECT split_part(reason, ':', 1), count(*) FROM orphan_refunds GROUP BY 1 ORDER"
                + " BY 1")) {
      out.append(String.format("| orphan workflow: %s | %s | SUCCEEDED |%n", r.get(0), r.get(1)));
    }
    for (List<String> r :
        checker.query(
            "SELECT status, count(*) FROM refunds WHERE kind = 'REQUESTED' GROUP BY 1 ORDER BY"
                + " 1")) {
      out.append(String.format("| asked for by the shop | %s | %s |%n", r.get(1), r.get(0)));
    }
    List<List<String>> counts =
        checker.query(
            "SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM payment_attempts),"
                + " (SELECT count(*) FROM payment_attempts WHERE captured_minor > 0),"
                + " (SELECT count(*) FROM webhook_inbox)");
    out.append("\nLedger totals: ")
        .append(counts.get(0).get(0))
        .append(" orders, ")
        .append(counts.get(0).get(1))
        .append(" attempts (")
        .append(counts.get(0).get(2))
        .append(" captured money), ")
        .append(counts.get(0).get(3))
        .append(" webhooks received.\n");

    out.append(
        "\n## What the API and the channels answered\n\n| call and answer | count |\n|---|---|\n");
    tally.withPrefix("api ").forEach((k, v) -> out.append(row("api " + k, Long.toString(v))));
    tally
        .withPrefix("customer ")
        .forEach((k, v) -> out.append(row("customer " + k, Long.toString(v))));
    tally
        .withPrefix("stranger ")
        .forEach((k, v) -> out.append(row("stranger " + k, Long.toString(v))));
    tally
        .withPrefix("very-late ")
        .forEach((k, v) -> out.append(row("very-late " + k, Long.toString(v))));

    out.append("\n## Violations\n\n");
    if (violations.isEmpty()) {
      out.append("None.\n");
    }
    for (Violation v : violations()) {
      out.append("### ")
          .append(v.kind())
          .append(": ")
          .append(v.orderId())
          .append(", seed ")
          .append(v.seed())
          .append("\n\n");
      out.append("Replay alone: `scripts/fault-proof.sh replay ")
          .append(v.seed())
          .append("`" + " (`-Dpayonce.faultProof.only=")
          .append(v.seed())
          .append("`)\n\n");
      v.problems().forEach(p -> out.append("- ").append(p).append('\n'));
      if (!v.trace().isEmpty()) {
        out.append("\n```\n");
        v.trace().forEach(t -> out.append(t).append('\n'));
        out.append("```\n");
      }
      out.append('\n');
    }
    out.append(
        "\n## Reconciliation\n\nEvery batch ends with every channel's statement of the days it"
            + " ran reconciled through payonce's API (a payment whose webhook was lost is found"
            + " there and given back by the orphan path). There are no known-limit exceptions:"
            + " such a payment left captured is a violation.\n\n");
    reconciliations.forEach(l -> out.append("- ").append(l).append('\n'));
    out.append("\nOperator items open at the end: ").append(openOperatorItems()).append('\n');
    out.append(
        "\n"
            + "## Batches\n\n"
            + "| # | seed | scenarios | took | violations | kills and restarts | faults |\n"
            + "|---|---|---|---|---|---|---|\n");
    for (BatchSummary b : batches) {
      out.append(
          String.format(
              "| %d | %d | %d | %d s | %d | %s | %s |%n",
              b.index(),
              b.seed(),
              b.scenarios(),
              b.millis() / 1000,
              b.violations(),
              b.chaos().stream().map(c -> c.kind() + " at " + c.atMillis() / 1000 + " s").toList(),
              b.profile().replace("|", "/")));
    }
    return out.toString();
  }

  /** What the run left for a person, per reason (the queue's first 100 open items). */
  private Map<String, Integer> openOperatorItems() {
    Map<String, Integer> reasons = new TreeMap<>();
    Http.Response open =
        Http.get(
            topology.appUrl("app") + "/api/v1/operator/items?status=OPEN&limit=100",
            Map.of("Authorization", "Bearer " + topology.apiKey()));
    for (JsonNode item : open.json().path("items")) {
      reasons.merge(
          item.path("reason").asText() + " (" + item.path("detail").asText() + ")",
          1,
          Integer::sum);
    }
    return reasons;
  }

  private static String row(String a, String b) {
    return "| " + a + " | " + b + " |\n";
  }

  private static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static String seconds(long millis) {
    return String.format("%.1f s", millis / 1000.0);
  }
}
