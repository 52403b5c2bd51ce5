package com.payonce.bench;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Entry point: see {@link Options#USAGE}. */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Options o;
    try {
      o = new Options(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    if (o.has("help")) {
      System.out.println(Options.USAGE);
      return;
    }
    String mode = o.string("mode", "run");
    if (mode.equals("jfr-summary")) {
      String summary = JfrSummary.summarize(o.path("jfr", null), (int) o.integer("top", 15));
      System.out.println(summary);
      if (o.has("out")) {
        Files.createDirectories(o.path("out", null));
        Files.writeString(o.path("out", null).resolve("jfr-summary.md"), summary);
      }
      return;
    }
    if (mode.equals("plot")) { // redraw from results.tsv files of earlier runs
      List<Plot.Point> points = new ArrayList<>();
      for (String tsv : o.all("plot-extra")) {
        points.addAll(Report.readTsv(Path.of(tsv), null));
      }
      Plot.write(
          points,
          o.string("title", "payonce vs floor: p99 latency vs throughput"),
          o.path("plot", "latency.png"));
      return;
    }
    if (mode.equals("statement")) {
      System.exit(new StatementBench(o).run() ? 0 : 1);
    }
    System.exit(new BenchMain().run(o, mode, args) ? 0 : 1);
  }

  private static void say(String s) {
    System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + s);
  }

  private boolean run(Options o, String mode, String[] args) throws Exception {
    boolean shortMode = mode.equals("short");
    double rate = o.number("rate", shortMode ? 5 : 50);
    Duration duration = o.duration("duration", shortMode ? "15s" : "60s");
    Duration warmup = o.duration("warmup", shortMode ? "3s" : "15s");
    List<Double> rates =
        mode.equals("step") ? o.numbers("steps", "10,20,30,50,75,100") : List.of(rate);
    double settleSlo = o.duration("settle-slo", "200ms").toMillis();
    Duration lateWindow = o.duration("late-window", "30s");
    Duration drain = o.duration("drain", "60s");
    int costSample = (int) o.integer("cost-sample", shortMode ? 3 : 10);
    String label = o.string("label", "dev server");
    Path out = o.path("out", "bench/target/bench-results");
    List<String> systems = List.of(o.string("systems", "floor,payonce").split(","));
    LoadRunner.Mix mix =
        new LoadRunner.Mix(
            o.number("switch", 0.20), o.number("repeat", 0.10), o.number("refund", 0.05));
    String temporalTarget = o.string("temporal", "127.0.0.1:7233");
    if (!temporalTarget.startsWith("127.0.0.1:")) {
      throw new IllegalArgumentException(
          "the benchmark only talks to 127.0.0.1, not " + temporalTarget);
    }

    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalTarget).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace(o.string("namespace", "default"))
                .build());
    String serverVersion;
    try {
      serverVersion =
          stubs
              .blockingStub()
              .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
              .getServerVersion();
    } catch (RuntimeException e) {
      serverVersion = "unknown (" + e.getMessage() + ")";
    }
    say(
        "Temporal at "
            + temporalTarget
            + ": server "
            + serverVersion
            + "; load avg "
            + ProcessCpu.loadAvg());

    Map<String, Target> targets = new LinkedHashMap<>();
    for (String s : systems) {
      switch (s.trim()) {
        case "floor" -> targets.put("floor", new FloorTarget(client, lateWindow));
        case "payonce" ->
            targets.put(
                "payonce",
                new PayonceTarget(
                    o.string("url", "http://127.0.0.1:8080"),
                    o.string("sandbox-url", o.string("url", "http://127.0.0.1:8080")),
                    o.string("api-key", "dev-api-key"),
                    o.string("jdbc-url", null),
                    o.string("jdbc-user", "postgres"),
                    o.string("jdbc-password", ""),
                    !o.string("order-events", "on").equals("off")));
        default -> throw new IllegalArgumentException("unknown system " + s);
      }
    }
    if (targets.containsKey("payonce") && !o.has("jdbc-url")) {
      throw new IllegalArgumentException(
          "--jdbc-url (payonce's PostgreSQL) is required to measure settle");
    }
    for (Target t : targets.values()) {
      t.open();
    }
    ProcessCpu cpu =
        new ProcessCpu(
            o.has("app-pid") ? o.integer("app-pid", 0) : null,
            o.has("temporal-pid") ? o.integer("temporal-pid", 0) : null,
            o.string("pg-data-dir", null));
    LoadRunner runner =
        new LoadRunner(mix, o.duration("refund-delay", "2s"), drain, cpu, o.integer("seed", 42));
    String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
    String startLoad = ProcessCpu.loadAvg();

    if (!warmup.isZero()) {
      double warmRate = Math.min(rates.get(0), 50);
      for (Target t : targets.values()) {
        say("warm-up " + t.name() + " at " + warmRate + "/s for " + warmup.toSeconds() + " s");
        StepResult w =
            runner.run(
                t,
                "bw" + runId + "-" + t.name().charAt(0) + "-",
                warmRate,
                Math.max(1, Math.round(warmRate * warmup.toSeconds())));
        say(
            "  warm-up done: "
                + w.metrics().errorCount()
                + " errors "
                + w.metrics().errorsByKind()
                + (w.metrics().errorCount() > 0
                    ? " e.g. " + w.metrics().errorSamples().get(0)
                    : ""));
      }
    }

    List<StepResult> results = new ArrayList<>();
    Set<String> stopped = new HashSet<>();
    Map<String, StepResult> firstStep = new LinkedHashMap<>();
    Map<StepResult, Breakdown> breakdowns = new LinkedHashMap<>();
    for (double r : rates) {
      for (Target t : targets.values()) {
        if (stopped.contains(t.name())) {
          continue;
        }
        long orders =
            o.has("orders")
                ? o.integer("orders", 0)
                : Math.max(1, Math.round(r * duration.toSeconds()));
        say(
            String.format(
                Locale.ROOT,
                "%s at %s orders/s: %d orders (load avg %s)",
                t.name(),
                Report.f(r),
                orders,
                ProcessCpu.loadAvg()));
        StepResult res =
            runner.run(t, "b" + runId + "-" + t.name().charAt(0) + (long) r + "-", r, orders);
        results.add(res);
        firstStep.putIfAbsent(t.name(), res);
        Metrics m = res.metrics();
        say(
            String.format(
                Locale.ROOT,
                "  achieved %s/s, errors %d, checkout p99 %s ms, pay p99 %s ms, settle p50 %s / p99"
                    + " %s ms → %s",
                Report.f(res.achievedRate()),
                m.errorCount(),
                Report.f(m.p99Millis(Metrics.CHECKOUT)),
                Report.f(m.p99Millis(Metrics.PAY)),
                Report.f(
                    m.nonEmpty().containsKey(Metrics.SETTLE)
                        ? m.histogram(Metrics.SETTLE).getValueAtPercentile(50) / 1000.0
                        : Double.NaN),
                Report.f(m.p99Millis(Metrics.SETTLE)),
                res.verdict(settleSlo)));
        say(
            String.format(
                Locale.ROOT,
                "  CPU ms/order: %s; cores busy %s, not ours %s",
                res.cpuSeconds().keySet().stream()
                    .map(k -> k + " " + Report.f(res.cpuMillisPerOrder(k)))
                    .toList(),
                Report.f(res.machineCores()),
                Report.f(res.otherCores())));
        if (m.nonEmpty().containsKey(Metrics.WEBHOOK_TO_SSE)
            || m.nonEmpty().containsKey(Metrics.WEBHOOK_TO_SHOP)) {
          say(
              String.format(
                  Locale.ROOT,
                  "  channel's callback → order.paid, p50 / p99 ms (orders): on the SSE stream %s"
                      + " (%d), at the shop's webhook %s (%d)",
                  Report.p50p99(m, Metrics.WEBHOOK_TO_SSE),
                  m.count(Metrics.WEBHOOK_TO_SSE),
                  Report.p50p99(m, Metrics.WEBHOOK_TO_SHOP),
                  m.count(Metrics.WEBHOOK_TO_SHOP)));
        }
        if (m.errorCount() > 0) {
          say("  errors: " + m.errorsByKind());
        }
        if (mode.equals("step") && !res.keptUp()) {
          stopped.add(t.name()); // past its capacity: higher rates only pile up a backlog
        }
        Breakdown b = new Breakdown();
        List<String> happy = res.happySample();
        List<String> spread = new ArrayList<>(); // 40 orders spread over the whole step
        for (int k = 0; k < 40 && !happy.isEmpty(); k++) {
          String id = happy.get((int) ((long) k * happy.size() / 40));
          if (spread.isEmpty() || !spread.get(spread.size() - 1).equals(id)) {
            spread.add(id);
          }
        }
        for (String id : spread) {
          long[] pay = runner.payTimes(id);
          long[] settled = res.settle().get(id);
          Long captured = t.capturedAtMicros(id);
          if (pay != null && settled != null && captured != null) {
            b.add(
                client.fetchHistory(id).getEvents(),
                new Breakdown.OrderTimes(pay[0], pay[1], captured, settled[1]));
          }
        }
        breakdowns.put(res, b);
      }
    }

    // cost per order from histories: a sample of happy-path orders of each system's first step
    Map<String, List<HistoryCost.Cost>> costs = new LinkedHashMap<>();
    Map<String, Map<String, HistoryCost.Cost>> variantCosts = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> eventTypes = new LinkedHashMap<>();
    long costDeadline = System.nanoTime() + lateWindow.toNanos() + Duration.ofSeconds(60).toNanos();
    for (Map.Entry<String, StepResult> e : firstStep.entrySet()) {
      List<String> sample = e.getValue().happySample().stream().limit(costSample).toList();
      List<HistoryCost.Cost> list = new ArrayList<>();
      for (String id : sample) {
        HistoryCost.Cost c = closedCost(client, id, costDeadline);
        list.add(c);
        if (eventTypes.get(e.getKey()) == null) {
          eventTypes.put(e.getKey(), HistoryCost.eventTypes(client.fetchHistory(id).getEvents()));
        }
      }
      costs.put(e.getKey(), list);
      Map<String, HistoryCost.Cost> v = new LinkedHashMap<>();
      for (Map.Entry<String, String> ve : e.getValue().variantSample().entrySet()) {
        v.put(ve.getKey(), closedCost(client, ve.getValue(), costDeadline));
        eventTypes.put(
            e.getKey() + ", " + ve.getKey(),
            HistoryCost.eventTypes(client.fetchHistory(ve.getValue()).getEvents()));
      }
      variantCosts.put(e.getKey(), v);
      say(
          e.getKey()
              + ": cost of "
              + list.size()
              + " happy-path orders: "
              + list.stream().mapToInt(HistoryCost.Cost::events).average().orElse(Double.NaN)
              + " events, "
              + list.stream().mapToInt(HistoryCost.Cost::totalActions).average().orElse(Double.NaN)
              + " actions");
    }

    // report
    Report report = new Report();
    report.line("# payonce benchmark: " + mode + " (" + label + ")").blank();
    report
        .line("    java -jar bench/target/payonce-bench.jar " + String.join(" ", redacted(args)))
        .blank();
    report
        .line("- when: " + Instant.now())
        .line("- machine: " + Report.machine())
        .line("- Temporal: " + label + " at " + temporalTarget + ", server " + serverVersion)
        .line(
            "- load average (1/5/15 min) at start: "
                + startLoad
                + ", at end: "
                + ProcessCpu.loadAvg())
        .line(
            String.format(
                Locale.ROOT,
                "- mix: %.0f%% switch channel, %.0f%% repeat checkout, %.0f%% partial refund;"
                    + " late-payment window %s",
                mix.switchShare() * 100,
                mix.repeatShare() * 100,
                mix.refundShare() * 100,
                lateWindow))
        .blank();
    report.steps(results, settleSlo);
    if (mode.equals("step")) {
      Map<String, Double> best = new LinkedHashMap<>();
      Map<String, Double> capacity = new LinkedHashMap<>();
      for (String s : targets.keySet()) {
        double b = 0;
        double c = 0;
        boolean slo = true;
        for (StepResult r : results) {
          if (r.system().equals(s)) {
            slo &= r.sustainable(settleSlo);
            if (slo) {
              b = Math.max(b, r.offeredRate());
            }
            if (r.keptUp()) {
              c = Math.max(c, r.offeredRate());
            }
          }
        }
        best.put(s, b);
        capacity.put(s, c);
        boolean capped = !stopped.contains(s);
        report.line(
            "- "
                + s
                + ": highest sustainable rate (no errors, kept up, settle p99 ≤ "
                + (long) settleSlo
                + " ms, every step up to it too): **"
                + Report.f(b)
                + " orders/s**; highest rate kept up without errors, any latency: **"
                + Report.f(c)
                + " orders/s**"
                + (capped ? " (kept up at every step: the true limit is higher)" : ""));
      }
      if (best.containsKey("payonce") && best.containsKey("floor")) {
        report.line(
            String.format(
                Locale.ROOT,
                "- payonce / floor: %s at the settle SLO, **%s** in throughput kept up%s",
                best.get("floor") > 0
                    ? String.format(Locale.ROOT, "%.2f", best.get("payonce") / best.get("floor"))
                    : "–",
                capacity.get("floor") > 0
                    ? String.format(
                        Locale.ROOT, "%.2f", capacity.get("payonce") / capacity.get("floor"))
                    : "–",
                stopped.contains("floor")
                    ? ""
                    : " (the floor kept up at every step: an upper bound)"));
      }
      report.blank();
    }
    for (StepResult r : results) {
      report.detail(r);
      Breakdown b = breakdowns.get(r);
      if (b != null && b.orders() > 0) {
        Breakdown.table(report, Map.of(r.system(), b));
      }
    }
    report.line("### Temporal cost per order").blank();
    report.costs(costs, variantCosts);
    eventTypes.forEach(
        (s, types) ->
            report
                .line(
                    "Event types of one "
                        + (s.contains(",") ? s + " order" : s + " happy-path order")
                        + ": "
                        + types)
                .blank());

    Files.createDirectories(out);
    Path reportFile = out.resolve("report.md");
    report.write(reportFile);
    Report.writeTsv(out.resolve("results.tsv"), label, results);
    List<Plot.Point> points = new ArrayList<>(Report.readTsv(out.resolve("results.tsv"), null));
    for (String extra : o.all("plot-extra")) {
      points.addAll(Report.readTsv(Path.of(extra), null));
    }
    Path png = o.path("plot", out.resolve("latency.png").toString());
    Plot.write(points, "payonce vs floor: p99 latency vs throughput (" + mode + ")", png);
    say("report " + reportFile.toAbsolutePath() + ", plot " + png.toAbsolutePath());
    System.out.println();
    System.out.println(report);
    targets.values().forEach(Target::close);
    stubs.shutdown();

    if (!shortMode) {
      return true;
    }
    // self-check: it ran and produced numbers
    boolean ok = true;
    for (StepResult r : results) {
      Map<String, ?> h = r.metrics().nonEmpty();
      boolean good =
          r.metrics().ordersSettled.get() > 0
              && h.containsKey(Metrics.CHECKOUT)
              && h.containsKey(Metrics.PAY)
              && h.containsKey(Metrics.SETTLE);
      if (r.system().equals("payonce") && !o.string("order-events", "on").equals("off")) {
        // the customer's page and the shop were told, with signatures that check
        good &=
            h.containsKey(Metrics.WEBHOOK_TO_SSE)
                && h.containsKey(Metrics.WEBHOOK_TO_SHOP)
                && !r.metrics().errorsByKind().containsKey(PayonceTarget.BAD_SIGNATURE);
      }
      say(
          "self-check "
              + r.system()
              + ": "
              + (good ? "ok" : "FAILED")
              + " ("
              + r.metrics().ordersSettled.get()
              + " settled, histograms "
              + h.keySet()
              + ", errors "
              + r.metrics().errorsByKind()
              + ")");
      ok &= good;
    }
    for (Map.Entry<String, List<HistoryCost.Cost>> c : costs.entrySet()) {
      boolean good = !c.getValue().isEmpty() && c.getValue().get(0).events() > 0;
      say("self-check cost " + c.getKey() + ": " + (good ? "ok" : "FAILED"));
      ok &= good;
    }
    boolean written = Files.size(reportFile) > 0 && Files.size(png) > 0;
    say("self-check report: " + (written ? "ok" : "FAILED"));
    return ok && written && results.size() == targets.size();
  }

  /** The cost of one workflow, once it has closed (or as it stands at the deadline). */
  private static HistoryCost.Cost closedCost(WorkflowClient client, String id, long deadline)
      throws InterruptedException {
    while (true) {
      HistoryCost.Cost c = HistoryCost.of(client, id);
      if (c.closed() || System.nanoTime() > deadline) {
        return c;
      }
      Thread.sleep(1000);
    }
  }

  /** The command line for the report, without the API key's value. */
  private static List<String> redacted(String[] args) {
    List<String> shown = new ArrayList<>(List.of(args));
    for (int i = 0; i + 1 < shown.size(); i++) {
      if (shown.get(i).equals("--api-key")) {
        shown.set(i + 1, "<redacted>");
      }
    }
    return shown;
  }
}
