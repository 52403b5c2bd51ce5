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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * payonce over its HTTP API, as a shop backend and a customer would use it. Settle times come from
 * records that exist anyway, read after the load: the sandbox channel's ledger ({@code capturedAt}
 * of the attempt's capture) and payonce's ledger ({@code orders.updated_at} of the PAID snapshot).
 * The customer's page follows each order's live events and the shop has a webhook endpoint
 * registered: how long order.paid takes to reach each, from payonce's receipt of the channel's
 * payment callback ({@code webhook_inbox.received_at}), is measured on this machine's clock.
 */
final class PayonceTarget implements Target {
  /** Error kind of a delivery to the shop whose signature did not check: must stay 0. */
  static final String BAD_SIGNATURE = "shop webhook: bad signature";

  private final URI base;
  private final URI sandbox;
  private final String apiKey;
  private final String jdbcUrl;
  private final String jdbcUser;
  private final String jdbcPassword;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Long> capturedAt = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> clientSecrets = new java.util.concurrent.ConcurrentHashMap<>();
  private final boolean orderEvents;
  private final CustomerStreams streams;
  private final AtomicBoolean closed = new AtomicBoolean();
  private BenchShopEndpoint shop;
  private String endpointId;

  PayonceTarget(
      String baseUrl,
      String sandboxUrl,
      String apiKey,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      boolean orderEvents) {
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
    this.orderEvents = orderEvents;
    this.streams = new CustomerStreams(base);
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

  /** Starts the shop's endpoint and registers it; deleted again by {@link #close}. */
  @Override
  public void open() throws Exception {
    if (!orderEvents) {
      return; // no endpoint (so no delivery workflows) and no streams: the load of earlier runs
    }
    shop = new BenchShopEndpoint();
    HttpResponse<String> r =
        post(
            "api/v1/webhook-endpoints",
            json.writeValueAsString(Map.of("url", shop.url().toString())),
            true);
    if (r.statusCode() != 201) {
      shop.close();
      throw new IllegalStateException(
          "registering the shop's webhook endpoint: HTTP " + r.statusCode() + " " + r.body());
    }
    JsonNode endpoint = json.readTree(r.body());
    endpointId = endpoint.path("endpointId").asText();
    shop.secret(endpoint.path("secret").asText());
    // a payonce that outlives an aborted run would retry deliveries to a dead port for days
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "bench-shop-endpoint-delete"));
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
    if (!repeat && orderEvents) {
      String secret = json.readTree(r.body()).path("clientSecret").asText(null);
      if (secret == null) {
        throw new Unexpected("checkout without clientSecret", r.body());
      }
      clientSecrets.put(orderId, secret);
    }
  }

  @Override
  public void follow(String orderId) {
    String secret = clientSecrets.remove(orderId);
    if (secret != null) {
      streams.follow(orderId, secret);
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
  public void recordNotifications(Collection<String> paidOrders, Duration drain, Metrics metrics)
      throws Exception {
    if (!orderEvents) {
      return;
    }
    Set<String> paid = paidTimes(paidOrders).keySet();
    long deadline = System.nanoTime() + drain.toNanos();
    while (System.nanoTime() < deadline
        && paid.stream().anyMatch(order -> streams.waiting(order) || !shop.hasPaid(order))) {
      Thread.sleep(100);
    }
    // read again now that the deliveries were made: their POST times are in the log
    for (Map.Entry<String, PaidTimes> e : paidTimes(paid).entrySet()) {
      String order = e.getKey();
      PaidTimes at = e.getValue();
      Long sse = streams.takePaidAt(order);
      Long post = shop.takePaidAt(order);
      if (at.callback() == null) {
        // paid without a callback (found by a poll): no start to measure from; never in the bench
        metrics.error("paid without a payment callback in webhook_inbox", order);
        continue;
      }
      if (sse == null) {
        metrics.error("SSE: no order.paid within the drain", order + ": " + streams.whyNot(order));
      } else {
        metrics.record(Metrics.WEBHOOK_TO_SSE, sse - at.callback());
      }
      if (post == null) {
        metrics.error("shop webhook: no order.paid within the drain", order);
      } else {
        metrics.record(Metrics.WEBHOOK_TO_SHOP, post - at.callback());
      }
      if (at.event() != null) {
        metrics.record(Metrics.PHASE_RECORDED, at.event() - at.callback());
        if (sse != null) {
          metrics.record(Metrics.PHASE_TO_SSE, sse - at.event());
        }
        if (post != null && at.lastPost() != null) {
          metrics.record(Metrics.PHASE_TO_POST, at.lastPost() - at.event());
          metrics.record(Metrics.PHASE_POST, post - at.lastPost());
        }
      }
      if (at.postAttempts() > 1) {
        metrics.shopRetried.incrementAndGet();
      }
    }
    streams.closeAll(); // also those of orders that were never paid
    long bad = shop.takeBadSignatures();
    for (long i = 0; i < bad; i++) {
      metrics.error(BAD_SIGNATURE, "a delivery's Payonce-Signature did not check");
    }
  }

  /**
   * When payonce did what for a paid order, epoch microseconds of PostgreSQL's now() (null where
   * not yet): {@code callback} it received the channel's payment callback for the paid attempt (the
   * earliest, should the channel have sent it twice), {@code event} the ledger transaction that
   * wrote order.paid began, {@code lastPost} the delivery's last POST to the shop began.
   */
  private record PaidTimes(Long callback, Long event, Long lastPost, int postAttempts) {}

  private Map<String, PaidTimes> paidTimes(Collection<String> orders) throws Exception {
    Map<String, PaidTimes> out = new HashMap<>();
    try (Connection db = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        PreparedStatement q =
            db.prepareStatement(
                """
                SELECT o.order_id,
                  (extract(epoch from min(w.received_at)) * 1000000)::bigint,
                  (extract(epoch from e.created_at) * 1000000)::bigint,
                  (extract(epoch from d.last_attempt_at) * 1000000)::bigint,
                  coalesce(d.attempts, 0)
                FROM orders o
                LEFT JOIN webhook_inbox w
                  ON w.attempt_id = o.paid_attempt_id AND w.event_type = 'PAYMENT_SUCCEEDED'
                LEFT JOIN order_events e ON e.order_id = o.order_id AND e.type = 'order.paid'
                LEFT JOIN merchant_deliveries d
                  ON d.event_id = e.event_id AND d.endpoint_id = ?
                WHERE o.order_id = ANY (?) AND o.paid_attempt_id IS NOT NULL
                GROUP BY o.order_id, e.created_at, d.last_attempt_at, d.attempts
                """)) {
      q.setString(1, endpointId);
      q.setArray(2, db.createArrayOf("varchar", orders.toArray()));
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.put(
              rs.getString(1),
              new PaidTimes(
                  rs.getObject(2, Long.class),
                  rs.getObject(3, Long.class),
                  rs.getObject(4, Long.class),
                  rs.getInt(5)));
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    streams.close();
    if (shop == null) {
      return;
    }
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(base.resolve("api/v1/webhook-endpoints/" + endpointId))
                  .timeout(Duration.ofSeconds(10))
                  .header("Authorization", "Bearer " + apiKey)
                  .DELETE()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 204) {
        System.err.println(
            "deleting the shop's webhook endpoint " + endpointId + ": HTTP " + r.statusCode());
      }
    } catch (Exception e) {
      System.err.println("deleting the shop's webhook endpoint " + endpointId + ": " + e);
    } finally {
      shop.close();
    }
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
