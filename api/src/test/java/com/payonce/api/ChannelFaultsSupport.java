package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;

/**
 * Helpers for the fault tests: turning the sandbox's faults on (and off after each test), reading
 * its fault counters, and checking an order's money against the channels' own ledgers. Same context
 * as every other API test: only helpers are added here.
 */
abstract class ChannelFaultsSupport extends ApiTestSupport {

  protected static final List<String> CHANNELS = List.of("alipay", "wechat");
  private static final Set<String> KEPT = Set.of("PAID", "PARTIALLY_REFUNDED", "REFUNDED");
  private static final Set<String> NOT_KEPT = Set.of("AWAITING_PAYMENT", "EXPIRED", "CANCELLED");

  @AfterEach
  void resetAllFaults() {
    for (String channel : CHANNELS) {
      Reply reset = sandbox("DELETE", channel, "/settings", null);
      assertThat(reset.status()).as("reset %s: %s", channel, reset).isEqualTo(200);
    }
  }

  // ---- faults -------------------------------------------------------------------------------

  /** PUT /settings with the given fields; answers the settings now in force. */
  protected JsonNode fault(String channel, Object... fields) {
    Reply changed = sandbox("PUT", channel, "/settings", json(fields));
    assertThat(changed.status()).as("settings of %s: %s", channel, changed).isEqualTo(200);
    return changed.json();
  }

  protected void resetFaults(String channel) {
    Reply reset = sandbox("DELETE", channel, "/settings", null);
    assertThat(reset.status()).as("reset %s: %s", channel, reset).isEqualTo(200);
  }

  /** GET /faults: how many faults of each kind the channel injected so far. */
  protected Map<String, Long> faultCounts(String channel) {
    Reply faults = sandbox("GET", channel, "/faults", null);
    assertThat(faults.status()).as("faults of %s: %s", channel, faults).isEqualTo(200);
    Map<String, Long> counts = new LinkedHashMap<>();
    faults.json().properties().forEach(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  /** How many faults of this kind were injected since {@code before} was read. */
  protected long injectedSince(String channel, Map<String, Long> before, String kind) {
    Map<String, Long> now = faultCounts(channel);
    assertThat(now).as("fault kinds of %s", channel).containsKey(kind);
    return now.get(kind) - before.getOrDefault(kind, 0L);
  }

  // ---- orders -------------------------------------------------------------------------------

  protected String newOrder(String prefix, String amount) {
    String orderId = uniqueId(prefix);
    assertOk(checkout(orderId, "customer-1", amount, "CNY"), 201);
    return orderId;
  }

  /** Opens (or gets) the attempt on the channel; returns its attempt id. */
  protected String openAttempt(String orderId, String channel) {
    Reply attempt = pay(orderId, channel);
    assertOk(attempt, 200);
    assertThat(attempt.text("status")).isEqualTo("OPEN");
    assertThat(attempt.text("channel")).isEqualTo(channel);
    return attempt.text("attemptId");
  }

  protected long signals(String orderId) {
    return count(history(orderId), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  }

  protected static JsonNode refundOf(JsonNode order, String refundId) {
    for (JsonNode refund : order.path("refunds")) {
      if (refundId.equals(text(refund, "refundId"))) {
        return refund;
      }
    }
    return null;
  }

  // ---- the outcome ------------------------------------------------------------------------

  /**
   * Exactly one payment is kept: the order's kept attempt captured the order amount, every other
   * attempt gave back all it captured, and what the customer is charged is the order amount less
   * what the shop refunded on purpose.
   */
  protected static void assertOneKeptPayment(JsonNode order) {
    assertThat(text(order, "status")).as("status of %s", order).isIn(KEPT);
    String kept = text(order, "paidAttemptId");
    assertThat(kept).as("kept attempt of %s", order).isNotNull();
    long amount = minor(text(order, "amount"));
    assertThat(minor(text(attempt(order, kept), "capturedAmount")))
        .as("the kept attempt captured the order amount: %s", order)
        .isEqualTo(amount);
    long shopRefunds = 0;
    for (JsonNode refund : order.path("refunds")) {
      if ("REQUESTED".equals(text(refund, "kind")) && "SUCCEEDED".equals(text(refund, "status"))) {
        assertThat(text(refund, "attemptId")).isEqualTo(kept);
        shopRefunds += minor(text(refund, "amount"));
      }
    }
    assertThat(minor(text(attempt(order, kept), "refundedAmount")))
        .as("the kept attempt gave back only what the shop refunded: %s", order)
        .isEqualTo(shopRefunds);
    for (JsonNode attempt : order.path("attempts")) {
      if (!kept.equals(text(attempt, "attemptId"))) {
        assertThat(minor(text(attempt, "capturedAmount")))
            .as("attempt %s not kept gave everything back", text(attempt, "attemptId"))
            .isEqualTo(minor(text(attempt, "refundedAmount")));
      }
    }
    assertTotals(order);
    assertThat(minor(text(order, "capturedAmount")) - minor(text(order, "refundedAmount")))
        .as("the customer is charged the order amount less the shop's refunds: %s", order)
        .isEqualTo(amount - shopRefunds);
  }

  /** No payment is kept: whatever any attempt captured went back. */
  protected static void assertNoKeptPayment(JsonNode order) {
    assertThat(text(order, "status")).as("status of %s", order).isIn(NOT_KEPT);
    assertThat(text(order, "paidAttemptId")).as("kept attempt of %s", order).isNull();
    for (JsonNode attempt : order.path("attempts")) {
      assertThat(minor(text(attempt, "capturedAmount")))
          .as("attempt %s gave everything back", text(attempt, "attemptId"))
          .isEqualTo(minor(text(attempt, "refundedAmount")));
    }
    assertTotals(order);
    assertThat(minor(text(order, "capturedAmount")) - minor(text(order, "refundedAmount")))
        .as("the customer is charged nothing: %s", order)
        .isZero();
  }

  /** The order's totals are the sums over its attempts. */
  private static void assertTotals(JsonNode order) {
    long captured = 0;
    long refunded = 0;
    for (JsonNode attempt : order.path("attempts")) {
      captured += minor(text(attempt, "capturedAmount"));
      refunded += minor(text(attempt, "refundedAmount"));
    }
    assertThat(minor(text(order, "capturedAmount"))).isEqualTo(captured);
    assertThat(minor(text(order, "refundedAmount"))).isEqualTo(refunded);
  }

  /**
   * The channels' ground truth and payonce's ledger agree to the minor unit: for every attempt of
   * the order (as payonce's API and its PostgreSQL ledger both list them), the sandbox ledger's
   * captured and refunded for that merchant order number are payment_attempts' captured_minor and
   * refunded_minor, and the orders row holds their sums. Waits for the ledger write to land.
   */
  protected void assertLedgersAgree(String orderId) {
    await("payonce's ledger of " + orderId + " agrees with the channels' ledgers")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> ledgersAgree(orderId));
  }

  private void ledgersAgree(String orderId) {
    List<Map<String, Object>> rows =
        jdbc()
            .sql(
                """
                SELECT attempt_id, channel, captured_minor, refunded_minor FROM payment_attempts
                WHERE order_id = :orderId ORDER BY created_at, attempt_id
                """)
            .param("orderId", orderId)
            .query()
            .listOfRows();
    JsonNode view = getOrder(orderId).json();
    assertThat(rows.stream().map(r -> (String) r.get("attempt_id")).collect(Collectors.toSet()))
        .as("payonce's ledger lists the attempts the order shows: %s", view)
        .isEqualTo(Set.copyOf(texts(view.path("attempts"), "attemptId")));
    Map<String, JsonNode> ledgers = new HashMap<>();
    long capturedSum = 0;
    long refundedSum = 0;
    for (Map<String, Object> row : rows) {
      String attemptId = (String) row.get("attempt_id");
      String channel = (String) row.get("channel");
      JsonNode ledger =
          ledgers.computeIfAbsent(channel, c -> sandbox("GET", c, "/ledger", null).json());
      JsonNode line = null;
      for (JsonNode candidate : ledger) {
        if (attemptId.equals(text(candidate, "merchantOrderNo"))) {
          line = candidate;
        }
      }
      String currency = line == null ? null : text(line, "currency");
      long channelCaptured = line == null ? 0 : minor(text(line, "captured"), currency);
      long channelRefunded = line == null ? 0 : minor(text(line, "refunded"), currency);
      long captured = ((Number) row.get("captured_minor")).longValue();
      long refunded = ((Number) row.get("refunded_minor")).longValue();
      assertThat(captured)
          .as("captured of %s attempt %s: payonce vs channel: %s", channel, attemptId, line)
          .isEqualTo(channelCaptured);
      assertThat(refunded)
          .as("refunded of %s attempt %s: payonce vs channel: %s", channel, attemptId, line)
          .isEqualTo(channelRefunded);
      capturedSum += captured;
      refundedSum += refunded;
    }
    Map<String, Object> order =
        jdbc()
            .sql("SELECT captured_minor, refunded_minor FROM orders WHERE order_id = :orderId")
            .param("orderId", orderId)
            .query()
            .singleRow();
    assertThat(((Number) order.get("captured_minor")).longValue()).isEqualTo(capturedSum);
    assertThat(((Number) order.get("refunded_minor")).longValue()).isEqualTo(refundedSum);
  }

  // ---- money --------------------------------------------------------------------------------

  /** A CNY decimal string in minor units (fen). */
  protected static long minor(String decimal) {
    return minor(decimal, "CNY");
  }

  protected static long minor(String decimal, String currency) {
    assertThat(decimal).as("an amount").isNotNull();
    int digits = Currency.getInstance(currency).getDefaultFractionDigits();
    return new BigDecimal(decimal).movePointRight(digits).longValueExact();
  }
}
