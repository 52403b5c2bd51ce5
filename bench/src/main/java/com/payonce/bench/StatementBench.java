package com.payonce.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * {@code --mode statement}: reconciles one channel statement of {@code --statement-lines} lines
 * (one million by default) through payonce's API and reports its time and the app's heap. The
 * ledger gets one captured attempt per line of the simulator's filler (its contract: attempt {@code
 * f} + 31 hex digits of n, {@code 100 + n % 9900} fen), so every line is matched for real.
 */
final class StatementBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Options o;
  private final String url;
  private final String sandboxUrl;
  private final String apiKey;
  private final String channel;
  private final long lines;

  StatementBench(Options o) {
    this.o = o;
    this.url = o.string("url", "http://127.0.0.1:8080");
    this.sandboxUrl = o.string("sandbox-url", url);
    this.apiKey = o.string("api-key", "dev-api-key");
    this.channel = o.string("statement-channel", "wechat");
    this.lines = o.integer("statement-lines", 1_000_000);
  }

  boolean run() throws Exception {
    String billDate = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
    say("ledger: " + lines + " captured attempts matching the filler");
    long seeded = System.nanoTime();
    seedLedger();
    say(String.format(Locale.ROOT, "ledger seeded in %.1f s", (System.nanoTime() - seeded) / 1e9));
    String settings = sandboxUrl + "/sandbox/" + channel + "/v1/settings";
    send(
        "PUT",
        settings,
        "{\"sameDayStatements\":true,\"statementFillerLines\":" + lines + "}",
        false);
    HeapWatch heap = new HeapWatch(o.string("management-url", null));
    heap.start();
    Instant asked = Instant.now();
    send(
        "POST",
        url + "/api/v1/reconciliations",
        "{\"channel\":\"" + channel + "\",\"billDate\":\"" + billDate + "\"}",
        true);
    JsonNode run = awaitDone(url + "/api/v1/reconciliations/" + channel + "/" + billDate, asked);
    double seconds = Duration.between(asked, Instant.now()).toMillis() / 1000.0;
    heap.stop();
    send("DELETE", settings, null, false);
    long done = run.path("linesDone").asLong();
    String report =
        String.format(
            Locale.ROOT,
            """
            # Reconciling one statement

            | | |
            |---|---|
            | channel, day | %s, %s |
            | statement lines | %,d |
            | lines matched | %,d |
            | differences | %,d |
            | time, request to DONE | %.1f s |
            | lines per second | %,.0f |
            | app heap used, max sampled | %s |
            | app heap max (-Xmx) | %s |
            """,
            channel,
            billDate,
            lines,
            done,
            run.path("differences").asLong(),
            seconds,
            done / seconds,
            heap.maxUsed(),
            heap.limit());
    System.out.println(report);
    Path out = o.path("out", "bench/target/bench-results");
    Files.createDirectories(out);
    Files.writeString(out.resolve("statement.md"), report);
    return done == lines && run.path("differences").asLong() == 0;
  }

  /** One order and one captured attempt per filler line, in two set-based statements. */
  private void seedLedger() throws Exception {
    try (Connection db =
        DriverManager.getConnection(
            o.string("jdbc-url", null),
            o.string("jdbc-user", "postgres"),
            o.string("jdbc-password", ""))) {
      String attempt = "'f' || lpad(to_hex(n), 31, '0')";
      try (PreparedStatement orders =
          db.prepareStatement(
              """
              INSERT INTO orders (order_id, customer_id, amount_minor, currency, status, expires_at,
                                  paid_attempt_id, captured_minor, created_at)
              SELECT 'bench-statement-' || n, 'bench', 100 + n %% 9900, 'CNY', 'PAID', now(),
                     %1$s, 100 + n %% 9900, now()
              FROM generate_series(1, ?) AS n
              ON CONFLICT DO NOTHING
              """
                  .formatted(attempt))) {
        orders.setLong(1, lines);
        orders.executeUpdate();
      }
      try (PreparedStatement attempts =
          db.prepareStatement(
              """
              INSERT INTO payment_attempts (attempt_id, order_id, channel, status, captured_minor,
                                            created_at)
              SELECT %1$s, 'bench-statement-' || n, ?, 'PAID', 100 + n %% 9900, now()
              FROM generate_series(1, ?) AS n
              ON CONFLICT DO NOTHING
              """
                  .formatted(attempt))) {
        attempts.setString(1, channel);
        attempts.setLong(2, lines);
        attempts.executeUpdate();
      }
    }
  }

  /** The run started after {@code asked} and DONE; reports progress every 10 s. */
  private JsonNode awaitDone(String runUrl, Instant asked) throws Exception {
    long deadline = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
    long nextSay = 0;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> answer = send("GET", runUrl, null, true);
      if (answer.statusCode() == 200) {
        JsonNode run = JSON.readTree(answer.body()).path("run");
        boolean fresh =
            !Instant.parse(run.path("startedAt").asText()).isBefore(asked.minusSeconds(1));
        if (fresh && "DONE".equals(run.path("status").asText())) {
          return run;
        }
        if (fresh && System.currentTimeMillis() > nextSay) {
          say(String.format(Locale.ROOT, "%,d lines matched", run.path("linesDone").asLong()));
          nextSay = System.currentTimeMillis() + 10_000;
        }
      }
      Thread.sleep(500); // polling a long run's progress, with the deadline above
    }
    throw new IllegalStateException("the reconciliation did not finish within an hour");
  }

  private HttpResponse<String> send(String method, String target, String body, boolean api)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (api) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() >= 300 && !(method.equals("GET") && answer.statusCode() == 404)) {
      throw new IllegalStateException(
          method + " " + target + ": " + answer.statusCode() + " " + answer.body());
    }
    return answer;
  }

  /** Samples the app's used heap through Actuator every half second while the run lasts. */
  private static final class HeapWatch {
    private final String managementUrl;
    private volatile boolean running;
    private volatile long maxUsed = -1;
    private volatile long limit = -1;
    private Thread thread;

    HeapWatch(String managementUrl) {
      this.managementUrl = managementUrl;
    }

    void start() {
      if (managementUrl == null) {
        return;
      }
      running = true;
      thread =
          new Thread(
              () -> {
                while (running) {
                  maxUsed = Math.max(maxUsed, read("jvm.memory.used"));
                  limit = Math.max(limit, read("jvm.memory.max"));
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "heap-watch");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      if (thread != null) {
        thread.join();
      }
    }

    String maxUsed() {
      return maxUsed < 0 ? "not sampled (--management-url)" : mib(maxUsed);
    }

    String limit() {
      return limit < 0 ? "not sampled" : mib(limit);
    }

    private long read(String metric) {
      try {
        HttpResponse<String> answer =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create(
                            managementUrl + "/actuator/metrics/" + metric + "?tag=area:heap"))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(answer.body()).path("measurements").path(0).path("value").asLong(-1);
      } catch (Exception e) {
        return -1;
      }
    }

    private static String mib(long bytes) {
      return String.format(Locale.ROOT, "%,d MiB", bytes / (1024 * 1024));
    }
  }

  private static void say(String s) {
    System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + s);
  }
}
