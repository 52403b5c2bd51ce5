package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a test does and checks through the topology: the shop's calls to payonce's API, the
 * customer at the channel simulator, and the three books that must agree — payonce's API, payonce's
 * ledger (PostgreSQL) and the channels' own ledgers.
 */
final class Orders {
  private final Topology topology;
  private final String app;

  Orders(Topology topology) {
    this(topology, "app");
  }

  Orders(Topology topology, String app) {
    this.topology = topology;
    this.app = app;
  }

  static String newId(String prefix) {
    return prefix + "-" + Topology.random();
  }

  // ---------------------------------------------------------------- payonce's API (the shop)

  private Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + topology.apiKey());
  }

  private String api() {
    return topology.appUrl(app) + "/api/v1";
  }

  Http.Response checkout(String orderId, String customerId, String amount) {
    String body =
        "{\"orderId\":\"%s\",\"customerId\":\"%s\",\"amount\":\"%s\",\"currency\":\"CNY\",\"description\":\"system test\"}"
            .formatted(orderId, customerId, amount);
    return Http.post(api() + "/orders", body, auth());
  }

  /** The attempt payonce opened for {@code channel} (its payUrl is at the simulator). */
  JsonNode pay(String orderId, String channel) {
    JsonNode attempt =
        Http.post(
                api() + "/orders/" + orderId + "/payments",
                "{\"channel\":\"" + channel + "\"}",
                auth())
            .expect(200)
            .json();
    assertThat(attempt.path("status").asText()).as("new attempt %s", attempt).isEqualTo("OPEN");
    return attempt;
  }

  JsonNode order(String orderId) {
    return Http.get(api() + "/orders/" + orderId, auth()).expect(200).json();
  }

  // ---------------------------------------------------------------- the customer and the channels

  /** The customer pays at the channel (the simulator), whatever payonce is doing meanwhile. */
  JsonNode customerPays(JsonNode attempt) {
    String payUrl = attempt.path("payUrl").asText();
    assertThat(payUrl).startsWith("http://127.0.0.1:");
    JsonNode paid = Http.post(payUrl, null, Map.of()).expect(200).json();
    assertThat(paid.path("status").asText()).as("the channel's answer to pay").isEqualTo("PAID");
    return paid;
  }

  void channelSettings(String channel, String json) {
    Http.put(topology.sandboxUrl(channel) + "/settings", json).expect(200);
  }

  void resetChannels() {
    for (String channel : Topology.CHANNELS) {
      Http.delete(topology.sandboxUrl(channel) + "/settings").expect(200);
    }
  }

  /** Captured and refunded minor units per merchant order number (= payonce's attempt id). */
  record Books(long captured, long refunded) {
    long net() {
      return captured - refunded;
    }
  }

  Map<String, Books> channelLedgers() {
    Map<String, Books> books = new HashMap<>();
    for (String channel : Topology.CHANNELS) {
      JsonNode lines = Http.get(topology.sandboxUrl(channel) + "/ledger", Map.of()).expect(200).json();
      for (JsonNode line : lines) {
        books.put(
            line.path("merchantOrderNo").asText(),
            new Books(minor(line.path("captured").asText()), minor(line.path("refunded").asText())));
      }
    }
    return books;
  }

  private static final Pattern DELIVERY_FAILURE =
      Pattern.compile(
          "Delivery of (\\S+) (\\S+) for (\\S+)/(\\S+) to (\\S+) failed \\(attempt (\\d+) of (\\d+)\\): (.*); retrying in");

  record DeliveryFailure(String type, String eventId, int attempt, String reason) {}

  /** The simulator's failed webhook deliveries for an attempt, from its log. */
  List<DeliveryFailure> deliveryFailures(String channel, String attemptId) {
    List<DeliveryFailure> failures = new ArrayList<>();
    for (String line : topology.sandbox().allLogs().lines().toList()) {
      Matcher m = DELIVERY_FAILURE.matcher(line);
      if (m.find() && m.group(3).equals(channel) && m.group(4).equals(attemptId)) {
        failures.add(
            new DeliveryFailure(m.group(1), m.group(2), Integer.parseInt(m.group(6)), m.group(8)));
      }
    }
    return failures;
  }

  // ---------------------------------------------------------------- payonce's ledger (PostgreSQL)

  record OrderRow(String status, String paidAttemptId, long captured, long refunded) {}

  record AttemptRow(String attemptId, String channel, String status, long captured, long refunded) {}

  record InboxRow(String channel, String eventId, String type, String attemptId, boolean delivered) {}

  Optional<OrderRow> orderRow(String orderId) throws SQLException {
    try (Connection c = topology.ledgerConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT status, paid_attempt_id, captured_minor, refunded_minor FROM orders WHERE order_id = ?")) {
      s.setString(1, orderId);
      try (ResultSet r = s.executeQuery()) {
        return r.next()
            ? Optional.of(new OrderRow(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4)))
            : Optional.empty();
      }
    }
  }

  List<AttemptRow> attemptRows(String orderId) throws SQLException {
    try (Connection c = topology.ledgerConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT attempt_id, channel, status, captured_minor, refunded_minor"
                    + " FROM payment_attempts WHERE order_id = ? ORDER BY created_at")) {
      s.setString(1, orderId);
      List<AttemptRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new AttemptRow(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5)));
        }
      }
      return rows;
    }
  }

  List<InboxRow> inbox(String attemptId) throws SQLException {
    try (Connection c = topology.ledgerConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT channel, event_id, event_type, attempt_id, delivered_at IS NOT NULL"
                    + " FROM webhook_inbox WHERE attempt_id = ? ORDER BY received_at")) {
      s.setString(1, attemptId);
      List<InboxRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new InboxRow(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getBoolean(5)));
        }
      }
      return rows;
    }
  }

  // ---------------------------------------------------------------- the invariant

  /** A settled order as all three books show it. */
  record Settled(JsonNode order, String keptAttemptId, List<AttemptRow> attempts, Map<String, Books> channels) {}

  /**
   * Waits until the order is PAID with exactly one kept payment and every book agrees: payonce's
   * API, payonce's ledger and the channels' ledgers; every other capture is refunded in full, so
   * captured − refunded across both channels is the order amount.
   */
  Settled awaitPaidExactlyOnce(String orderId, long amountMinor, Duration timeout) {
    return Await.until(
        "order " + orderId + " PAID exactly once in every book",
        timeout,
        () -> paidExactlyOnce(orderId, amountMinor),
        settled -> true);
  }

  private Settled paidExactlyOnce(String orderId, long amountMinor) throws SQLException {
    // payonce's API: the workflow's view
    JsonNode view = order(orderId);
    assertThat(view.path("status").asText()).as("API status of %s", orderId).isEqualTo("PAID");
    String kept = view.path("paidAttemptId").asText();
    List<JsonNode> apiAttempts = new ArrayList<>();
    view.path("attempts").forEach(apiAttempts::add);
    assertThat(apiAttempts.stream().filter(a -> a.path("status").asText().equals("PAID")))
        .as("PAID attempts in the API view %s", view)
        .singleElement()
        .satisfies(a -> assertThat(a.path("attemptId").asText()).isEqualTo(kept));
    assertThat(minor(view.path("capturedAmount").asText()) - minor(view.path("refundedAmount").asText()))
        .as("API captured − refunded")
        .isEqualTo(amountMinor);

    // payonce's ledger
    OrderRow row = orderRow(orderId).orElseThrow(() -> new AssertionError("no orders row " + orderId));
    assertThat(row.status()).as("orders.status").isEqualTo("PAID");
    assertThat(row.paidAttemptId()).as("orders.paid_attempt_id").isEqualTo(kept);
    assertThat(row.captured() - row.refunded()).as("orders captured − refunded").isEqualTo(amountMinor);
    List<AttemptRow> attempts = attemptRows(orderId);
    assertThat(attempts.stream().map(AttemptRow::attemptId).collect(Collectors.toSet()))
        .as("attempts in the ledger vs the API")
        .isEqualTo(apiAttempts.stream().map(a -> a.path("attemptId").asText()).collect(Collectors.toSet()));
    assertThat(attempts.stream().filter(a -> a.status().equals("PAID")).map(AttemptRow::attemptId))
        .as("kept payments in payment_attempts")
        .containsExactly(kept);
    assertThat(attempts.stream().mapToLong(a -> a.captured() - a.refunded()).sum())
        .as("payment_attempts captured − refunded")
        .isEqualTo(amountMinor);
    for (AttemptRow attempt : attempts) {
      if (!attempt.attemptId().equals(kept)) {
        assertThat(attempt.refunded())
            .as("attempt %s not kept: all of its capture refunded", attempt.attemptId())
            .isEqualTo(attempt.captured());
      }
    }

    // the channels' own books, compared attempt by attempt
    Map<String, Books> channels = channelLedgers();
    long net = 0;
    for (AttemptRow attempt : attempts) {
      Books books = channels.getOrDefault(attempt.attemptId(), new Books(0, 0));
      assertThat(books)
          .as("the %s ledger and payment_attempts agree on %s", attempt.channel(), attempt.attemptId())
          .isEqualTo(new Books(attempt.captured(), attempt.refunded()));
      net += books.net();
    }
    assertThat(net).as("captured − refunded across both channels' ledgers").isEqualTo(amountMinor);
    return new Settled(view, kept, attempts, channels);
  }

  Set<String> attemptIds(JsonNode view) {
    List<String> ids = new ArrayList<>();
    view.path("attempts").forEach(a -> ids.add(a.path("attemptId").asText()));
    return Set.copyOf(ids);
  }

  static long minor(String decimal) {
    return new BigDecimal(decimal).movePointRight(2).longValueExact();
  }
}
