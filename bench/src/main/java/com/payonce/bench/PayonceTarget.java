package com.payonce.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * payonce over its HTTP API, as a shop backend and a customer would use it. Settle times come from
 * records that exist anyway, read after the load: the sandbox channel's ledger ({@code capturedAt}
 * of the attempt's capture) and payonce's ledger ({@code orders.updated_at} of the PAID snapshot).
 */
final class PayonceTarget implements Target {
  private final URI base;
  private final URI sandbox;
  private final String apiKey;
  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Long> capturedAt = new java.util.concurrent.ConcurrentHashMap<>();

  PayonceTarget(
      String baseUrl,
      String sandboxUrl,
      String apiKey,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword) {
    this.base = URI.create(baseUrl.replaceAll("/+$", "") + "/");
    this.sandbox = URI.create(sandboxUrl.replaceAll("/+$", "") + "/");
    requireLoopback(base);
    requireLoopback(sandbox);
    this.apiKey = apiKey;
    this.jdbcUrl = jdbcUrl;
    this.jdbcUser = jdbcUser;
    this.jdbcPassword = jdbcPassword;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  static void requireLoopback(URI uri) {
    if (!"127.0.0.1".equals(uri.getHost())) {
      throw new IllegalArgumentException("the benchmark only talks to 127.0.0.1, not " + uri);
    }
  }

  @Override
  public String name() {
    return "payonce";
  }

  @Override
  public int queriesPerRepeatCheckout() {
    return 1; // OrderService.checkout answers a repeat with view(): a workflow query
  }

  @Override
  public void checkout(String orderId, boolean repeat) throws Exception {
    String body =
        "{\"orderId\":\""
            + orderId
            + "\",\"customerId\":\"bench-customer\",\"amount\":\"10.00\","
            + "\"currency\":\"CNY\",\"description\":\"bench\"}";
    HttpResponse<String> r = post("api/v1/orders", body, true);
    int expected = repeat ? 200 : 201;
    if (r.statusCode() != expected) {
      throw new Unexpected("checkout " + r.statusCode(), r.body());
    }
  }

  @Override
  public String pay(String orderId, String channel) throws Exception {
    HttpResponse<String> r =
        post("api/v1/orders/" + orderId + "/payments", "{\"channel\":\"" + channel + "\"}", true);
    if (r.statusCode() != 200) {
      throw new Unexpected("pay " + r.statusCode(), r.body());
    }
    String payUrl = json.readTree(r.body()).path("payUrl").asText(null);
    if (payUrl == null) {
      throw new Unexpected("pay without payUrl", r.body());
    }
    requireLoopback(URI.create(payUrl));
    return payUrl;
  }

  @Override
  public void customerPays(String orderId, String channel, String payUrl) throws Exception {
    HttpResponse<String> r = post(URI.create(payUrl), "{}", false);
    if (r.statusCode() != 200) {
      throw new Unexpected("sandbox pay " + r.statusCode(), r.body());
    }
  }

  @Override
  public void refund(String orderId, String refundId, long amountMinor) throws Exception {
    String amount = String.format("%d.%02d", amountMinor / 100, amountMinor % 100);
    HttpResponse<String> r =
        post(
            "api/v1/orders/" + orderId + "/refunds",
            "{\"refundId\":\"" + refundId + "\",\"amount\":\"" + amount + "\"}",
            true);
    if (r.statusCode() == 409 && r.body().contains("refund-not-allowed")) {
      throw new NotYetPaid(r.body());
    }
    if (r.statusCode() != 200) {
      throw new Unexpected("refund " + r.statusCode(), r.body());
    }
  }

  @Override
  public Map<String, long[]> settleMicros(
      Collection<String> paidOrders,
      Collection<String> excludeOrders,
      Duration drain,
      Metrics metrics)
      throws Exception {
    Set<String> wanted = new HashSet<>(paidOrders);
    Map<String, long[]> paid = new HashMap<>(); // order -> {updatedAtMicros}, attempt in attempts
    Map<String, String> attemptOf = new HashMap<>();
    long deadline = System.nanoTime() + drain.toNanos();
    try (Connection db = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword)) {
      while (true) {
        paid.clear();
        attemptOf.clear();
        try (PreparedStatement q =
            db.prepareStatement(
                "SELECT order_id, paid_attempt_id, status,"
                    + " (extract(epoch from updated_at) * 1000000)::bigint AS updated_us"
                    + " FROM orders WHERE order_id = ANY (?) AND paid_attempt_id IS NOT NULL")) {
          q.setArray(1, db.createArrayOf("varchar", wanted.toArray()));
          try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
              String order = rs.getString(1);
              attemptOf.put(order, rs.getString(2));
              if ("PAID".equals(rs.getString(3))) {
                paid.put(order, new long[] {rs.getLong(4)});
              } else {
                paid.put(order, null); // refunded since: its PAID record was overwritten
              }
            }
          }
        }
        if (attemptOf.size() >= wanted.size() || System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(500);
      }
    }
    for (String order : wanted) {
      if (!attemptOf.containsKey(order)) {
        metrics.error("not settled within drain", order);
      }
    }
    Map<String, Long> capturedAtMillis = new HashMap<>();
    for (String channel : new String[] {"alipay", "wechat"}) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(sandbox.resolve("sandbox/" + channel + "/v1/ledger"))
                  .timeout(Duration.ofSeconds(60))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode line : json.readTree(r.body())) {
        if (line.hasNonNull("capturedAt")) {
          capturedAtMillis.put(
              line.get("merchantOrderNo").asText(),
              Instant.parse(line.get("capturedAt").asText()).toEpochMilli());
        }
      }
    }
    Set<String> excluded = new HashSet<>(excludeOrders);
    Map<String, long[]> out = new HashMap<>();
    for (Map.Entry<String, String> e : attemptOf.entrySet()) {
      long[] updated = paid.get(e.getKey());
      Long captured = capturedAtMillis.get(e.getValue());
      if (updated == null || excluded.contains(e.getKey())) {
        metrics.settleExcluded.incrementAndGet();
      } else if (captured == null) {
        metrics.error("paid attempt not in the channel ledger", e.getKey());
      } else {
        capturedAt.put(e.getKey(), captured * 1000);
        out.put(e.getKey(), new long[] {updated[0] - captured * 1000, updated[0]});
      }
    }
    return out;
  }

  @Override
  public Long capturedAtMicros(String orderId) {
    return capturedAt.get(orderId);
  }

  private HttpResponse<String> post(String path, String body, boolean api) throws Exception {
    return post(base.resolve(path), body, api);
  }

  private HttpResponse<String> post(URI uri, String body, boolean api) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (api) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
