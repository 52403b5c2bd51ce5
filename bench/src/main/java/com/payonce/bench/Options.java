package com.payonce.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options: {@code --name value} pairs; see {@link #USAGE}. */
final class Options {
  static final String USAGE =
      """
      java -jar bench/target/payonce-bench.jar [--mode run|step|short] [options]

        --mode run       one rate (--rate) for --duration (or --orders), floor and payonce
        --mode step      each rate of --steps, per system until it errs or falls behind; reports the
                         highest rate with settle p99 <= --settle-slo and no errors
        --mode short     CI smoke: --rate 5 for 15 s, small cost sample, exit 1 unless numbers came out
        --mode jfr-summary --jfr FILE [--out DIR]   what dominates in a flight recording
        --mode plot --plot FILE --plot-extra results.tsv ...   redraw the plot from earlier runs
        --mode statement one channel statement of --statement-lines lines (1000000) reconciled
                         through the API (--statement-channel wechat|alipay; needs --jdbc-url,
                         --management-url for the heap): its time and the app's heap

        --url URL              payonce base URL (127.0.0.1 only)      [http://127.0.0.1:8080]
        --sandbox-url URL      the sandbox PSP (its /ledger), if not embedded in payonce [--url]
        --api-key KEY          payonce API key                        [dev-api-key]
        --temporal HOST:PORT   the Temporal frontend payonce uses     [127.0.0.1:7233]
        --jdbc-url URL         payonce's PostgreSQL (read after each step)   (required for payonce)
        --jdbc-user USER       [postgres]   --jdbc-password PW []
        --systems LIST         floor,payonce                          [floor,payonce]
        --rate N               orders per second (open loop)          [50]
        --duration D           measured time per rate, e.g. 60s       [60s]
        --orders N             orders per rate instead of --duration
        --warmup D             unmeasured warm-up at the first rate   [15s]
        --steps LIST           rates of --mode step                   [10,20,30,50,75,100]
        --settle-slo D         step mode: highest settle p99 allowed  [200ms]
        --switch F             share of orders that switch channel    [0.20]
        --repeat F             share that repeat the checkout         [0.10]
        --refund F             share refunded in part after payment   [0.05]
        --refund-delay D       customer asks for the refund after     [2s]
        --late-window D        the app's PAYONCE_LATE_PAYMENT_WINDOW, also the floor's [30s]
        --cost-sample N        happy-path histories read per system   [10]
        --drain D              wait for settlement after the load     [60s]
        --app-pid P --temporal-pid P --pg-data-dir DIR   CPU time accounting per process (optional)
        --label TEXT           names this run (Temporal kind) in the report [dev server]
        --out DIR              report folder               [bench/target/bench-results]
        --plot FILE            also write the latency-vs-throughput PNG there
        --plot-extra FILE      results.tsv of another run to draw on the same plot (repeatable)
        --seed N               mix and channel choices                [42]
        --order-events on|off  payonce: a shop webhook endpoint and an SSE stream per order,
                               timing order.paid to both from the channel's callback [on]
      """;

  private final Map<String, List<String>> values = new LinkedHashMap<>();

  Options(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        values.computeIfAbsent("help", k -> new ArrayList<>()).add("true");
        continue;
      }
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + arg + "\n" + USAGE);
      }
      values.computeIfAbsent(arg.substring(2), k -> new ArrayList<>()).add(args[++i]);
    }
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String string(String name, String fallback) {
    List<String> v = values.get(name);
    return v == null ? fallback : v.get(v.size() - 1);
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  double number(String name, double fallback) {
    return has(name) ? Double.parseDouble(string(name, null)) : fallback;
  }

  long integer(String name, long fallback) {
    return has(name) ? Long.parseLong(string(name, null)) : fallback;
  }

  Duration duration(String name, String fallback) {
    return parseDuration(string(name, fallback));
  }

  Path path(String name, String fallback) {
    String v = string(name, fallback);
    return v == null ? null : Path.of(v);
  }

  List<Double> numbers(String name, String fallback) {
    List<Double> out = new ArrayList<>();
    for (String s : string(name, fallback).split(",")) {
      if (!s.isBlank()) {
        out.add(Double.parseDouble(s.trim()));
      }
    }
    return out;
  }

  static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase();
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> Duration.ofSeconds(Long.parseLong(t));
    };
  }
}
