package com.payonce.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The run's results as Markdown (report.md) and as a table another run can plot (results.tsv). */
final class Report {
  private final StringBuilder md = new StringBuilder();

  Report line(String s) {
    md.append(s).append('\n');
    return this;
  }

  Report blank() {
    return line("");
  }

  static String f(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return v >= 100
        ? String.format(Locale.ROOT, "%.0f", v)
        : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
  }

  static String machine() {
    String cpu = "?";
    String mem = "?";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse("?");
      mem =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal"))
              .findFirst()
              .map(
                  l ->
                      String.format(
                          Locale.ROOT,
                          "%.1f GiB",
                          Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
              .orElse("?");
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors()
        + " cores ("
        + cpu
        + "), "
        + mem
        + " memory, "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + ", JDK "
        + System.getProperty("java.version");
  }

  /** The summary table: one row per system and rate. */
  Report steps(List<StepResult> results, double settleSlo) {
    line(
        "| system | offered /s | achieved /s | orders | errors | checkout p50 / p99 ms | pay p50 /"
            + " p99 ms | settle p50 / p99 ms | webhook → SSE p50 / p99 ms | webhook → shop webhook"
            + " p50 / p99 ms | verdict | CPU ms per order: app + its PostgreSQL / Temporal server /"
            + " bench | cores busy: all / not ours | load avg before → after |");
    line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|");
    for (StepResult r : results) {
      Metrics m = r.metrics();
      line(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s → %s |",
              r.system(),
              f(r.offeredRate()),
              f(r.achievedRate()),
              r.ordersPlanned(),
              m.errorCount(),
              p50p99(m, Metrics.CHECKOUT),
              p50p99(m, Metrics.PAY),
              p50p99(m, Metrics.SETTLE),
              p50p99(m, Metrics.WEBHOOK_TO_SSE),
              p50p99(m, Metrics.WEBHOOK_TO_SHOP),
              r.verdict(settleSlo),
              cpu(r),
              f(r.machineCores()) + " / " + f(r.otherCores()),
              r.loadAvgBefore(),
              r.loadAvgAfter()));
    }
    return blank();
  }

  private static String cpu(StepResult r) {
    String app =
        r.system().equals("payonce")
            ? f(r.cpuMillisPerOrder("app")) + " + " + f(r.cpuMillisPerOrder("postgres"))
            : "–";
    return app
        + " / "
        + f(r.cpuMillisPerOrder("temporal"))
        + " / "
        + f(r.cpuMillisPerOrder("bench"));
  }

  static String p50p99(Metrics m, String name) {
    Histogram h = m.count(name) > 0 ? m.histogram(name) : null;
    if (h == null) {
      return "–";
    }
    double[] p = Metrics.percentilesMillis(h);
    return f(p[0]) + " / " + f(p[2]);
  }

  /** Every histogram of one step, all percentiles. */
  Report detail(StepResult r) {
    Metrics m = r.metrics();
    line(
        String.format(
            Locale.ROOT,
            "**%s at %s orders/s** (%.0f s, %d orders planned, %d paid by the customer, %d settled,"
                + " %d settled within the load window; %d refunds, %d workflow queries, %d rejected"
                + " updates (refund before settlement); generator late > 2 ms: %d)",
            r.system(),
            f(r.offeredRate()),
            r.seconds(),
            r.ordersPlanned(),
            m.ordersCustomerPaid.get(),
            m.ordersSettled.get() + m.settleExcluded.get(),
            r.ordersSettledInTime(),
            m.refunds.get(),
            m.queries.get(),
            m.rejectedUpdates.get(),
            m.lateStarts.get()));
    blank();
    line("| latency | count | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
    line("|---|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, Histogram> e : m.nonEmpty().entrySet()) {
      double[] p = Metrics.percentilesMillis(e.getValue());
      line(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %s | %s | %s | %s |",
              e.getKey(),
              e.getValue().getTotalCount(),
              f(p[0]),
              f(p[1]),
              f(p[2]),
              f(p[3]),
              f(p[4])));
    }
    blank();
    if (m.errorCount() > 0) {
      line("Errors: " + m.errorsByKind());
      blank();
      for (String s : m.errorSamples()) {
        line("    " + s.replace('\n', ' '));
      }
      blank();
    }
    if (m.settleExcluded.get() > 0) {
      line(
          "(settle: "
              + m.settleExcluded.get()
              + " refunded orders left out, their PAID ledger record was overwritten by the"
              + " refund's)");
      blank();
    }
    if (m.nonEmpty().containsKey(Metrics.WEBHOOK_TO_SSE)
        || m.nonEmpty().containsKey(Metrics.WEBHOOK_TO_SHOP)) {
      line(
          "(webhook → SSE / → shop webhook, per paid order: from payonce's receipt of the channel's"
              + " payment callback for the paid attempt (earliest `webhook_inbox.received_at`,"
              + " PostgreSQL now()) to the order.paid event reaching the bench's stream client /"
              + " its shop endpoint (System.currentTimeMillis, signature checked); both are this"
              + " machine's clock)");
      blank();
      StringBuilder phases = new StringBuilder("(where it goes, p50 / p99 ms:");
      for (String phase : Metrics.NOTIFICATION_PHASES) {
        if (m.count(phase) > 0) {
          phases.append(' ').append(phase).append(' ').append(p50p99(m, phase)).append(';');
        }
      }
      line(phases + " order.paid POSTed more than once: " + m.shopRetried.get() + ")");
      blank();
    }
    return this;
  }

  /** Mean cost of happy-path orders per system, and payonce minus floor. */
  Report costs(
      Map<String, List<HistoryCost.Cost>> bySystem,
      Map<String, Map<String, HistoryCost.Cost>> variants) {
    List<String> systems = new ArrayList<>(bySystem.keySet());
    StringBuilder head = new StringBuilder("| per happy-path order (mean of the sample) |");
    StringBuilder sep = new StringBuilder("|---|");
    for (String s : systems) {
      head.append(' ').append(s).append(" |");
      sep.append("---:|");
    }
    boolean both = systems.contains("payonce") && systems.contains("floor");
    if (both) {
      head.append(" payonce − floor |");
      sep.append("---:|");
    }
    line(head.toString());
    line(sep.toString());
    Map<String, double[]> rows = new LinkedHashMap<>();
    rows.put("sampled workflows (closed)", null);
    rows.put("history events", null);
    rows.put("workflow tasks", null);
    for (String k : HistoryCost.ACTION_KINDS) {
      rows.put("actions: " + k, null);
    }
    rows.put("**billable actions (history)**", null);
    for (String row : rows.keySet()) {
      StringBuilder b = new StringBuilder("| " + row + " |");
      double[] values = new double[systems.size()];
      for (int i = 0; i < systems.size(); i++) {
        List<HistoryCost.Cost> costs = bySystem.get(systems.get(i));
        values[i] =
            switch (row) {
              case "sampled workflows (closed)" -> costs.size();
              case "history events" ->
                  costs.stream().mapToInt(HistoryCost.Cost::events).average().orElse(Double.NaN);
              case "workflow tasks" ->
                  costs.stream()
                      .mapToInt(HistoryCost.Cost::workflowTasks)
                      .average()
                      .orElse(Double.NaN);
              case "**billable actions (history)**" ->
                  costs.stream()
                      .mapToInt(HistoryCost.Cost::totalActions)
                      .average()
                      .orElse(Double.NaN);
              default ->
                  costs.stream()
                      .mapToInt(c -> c.actions().get(row.substring("actions: ".length())))
                      .average()
                      .orElse(Double.NaN);
            };
        String shown =
            row.startsWith("sampled")
                ? (long) values[i]
                    + " ("
                    + costs.stream().filter(HistoryCost.Cost::closed).count()
                    + ")"
                : f(values[i]);
        b.append(' ').append(row.startsWith("**") ? "**" + shown + "**" : shown).append(" |");
      }
      if (both) {
        double d = values[systems.indexOf("payonce")] - values[systems.indexOf("floor")];
        b.append(' ')
            .append(row.startsWith("sampled") ? "" : (d > 0 ? "+" : "") + f(d))
            .append(" |");
      }
      line(b.toString());
    }
    blank();
    if (!variants.isEmpty()) {
      line(
          "| one order of each variant | system | history events | billable actions (history) | +"
              + " client-side actions |");
      line("|---|---|---:|---:|---|");
      variants.forEach(
          (system, byVariant) ->
              byVariant.forEach(
                  (variant, c) ->
                      line(
                          String.format(
                              Locale.ROOT,
                              "| %s | %s | %d | %d | %s |",
                              variant,
                              system,
                              c.events(),
                              c.totalActions(),
                              variant.equals("repeat checkout")
                                  ? "+1 query"
                                  : variant.equals("partial refund")
                                      ? "+ rejected refund updates if asked before settlement (none"
                                          + " in the sample: asked 2 s after paying)"
                                      : ""))));
      blank();
    }
    return this;
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, md.toString());
  }

  @Override
  public String toString() {
    return md.toString();
  }

  /** label, system, offered, achieved, metric, count, p50, p90, p99, p99.9, max, errors. */
  static void writeTsv(Path file, String label, List<StepResult> results) throws IOException {
    StringBuilder b =
        new StringBuilder(
            "label\tsystem\toffered\tachieved\tmetric\tcount\tp50\tp90\tp99\tp999\tmax\terrors\n");
    for (StepResult r : results) {
      for (Map.Entry<String, Histogram> e : r.metrics().nonEmpty().entrySet()) {
        double[] p = Metrics.percentilesMillis(e.getValue());
        b.append(
                String.join(
                    "\t",
                    label,
                    r.system(),
                    String.valueOf(r.offeredRate()),
                    String.format(Locale.ROOT, "%.3f", r.achievedRate()),
                    e.getKey(),
                    String.valueOf(e.getValue().getTotalCount()),
                    String.valueOf(p[0]),
                    String.valueOf(p[1]),
                    String.valueOf(p[2]),
                    String.valueOf(p[3]),
                    String.valueOf(p[4]),
                    String.valueOf(r.metrics().errorCount())))
            .append('\n');
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, b.toString());
  }

  static List<Plot.Point> readTsv(Path file, String labelOverride) throws IOException {
    List<Plot.Point> points = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (String l : lines.subList(1, lines.size())) {
      String[] f = l.split("\t");
      if (f.length < 12) {
        continue;
      }
      if (f[4].equals(Metrics.CHECKOUT)
          || f[4].equals(Metrics.PAY)
          || f[4].equals(Metrics.SETTLE)) {
        points.add(
            new Plot.Point(
                labelOverride == null ? f[0] : labelOverride,
                f[1],
                f[4],
                Double.parseDouble(f[2]),
                Double.parseDouble(f[3]),
                Double.parseDouble(f[8])));
      }
    }
    return points;
  }
}
