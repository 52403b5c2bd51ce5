package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation end to end: WeChat Pay's trade bill from the simulator, through the official SDK,
 * against the ledger. A payment whose webhook the channel dropped is found there and given back; a
 * refund made by hand in the PSP's console becomes an operator item the shop hears of, which an
 * operator retries and resolves with an audit trail.
 */
class ReconciliationApiTest extends ApiTestSupport {
  private static final String TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

  @AfterEach
  void honestChannel() {
    sandbox("DELETE", "wechat", "/settings", null);
  }

  @Test
  void aStatementGivesBackWhatNoWebhookToldAndQueuesWhatNeedsAPerson() {
    String orderId = uniqueId("recon");
    assertOk(checkout(orderId, "customer-1", "20.00", "CNY"), 201);
    Reply attempt = pay(orderId, "wechat");
    assertOk(attempt, 200);
    String attemptId = attempt.text("attemptId");
    customerPays("wechat", attemptId);
    awaitStatus(orderId, "PAID");
    // someone refunds by hand in the PSP's merchant console: payonce never asked for it
    String byHand = "byhand" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    paymentChannels
        .get("wechat")
        .refund(
            new RefundPayment(
                "wechat", attemptId, byHand, Money.ofDecimal("1.00", "CNY"), "by hand"));
    // a payment payonce never made, whose webhook the channel drops
    sandbox("PUT", "wechat", "/settings", "{\"webhookDropRate\":1.0}");
    String stranger = UUID.randomUUID().toString().replace("-", "");
    strangerPays("wechat", stranger, "3.00");
    sandbox("DELETE", "wechat", "/settings", null);

    JsonNode report = reconcile("wechat", TODAY);

    assertThat(report.path("run").path("linesDone").asLong()).isGreaterThanOrEqualTo(3);
    assertThat(difference(report, stranger).path("kind").asText()).isEqualTo("UNKNOWN_CAPTURE");
    assertThat(difference(report, stranger).path("action").asText()).isEqualTo("ORPHAN_STARTED");
    awaitOrphanRefunded("wechat", stranger, "3.00");
    JsonNode refunded = difference(report, attemptId);
    assertThat(refunded.path("kind").asText()).isEqualTo("UNKNOWN_REFUND");
    assertThat(refunded.path("refundNo").asText()).isEqualTo(byHand);
    assertThat(refunded.path("channelAmount").asText()).isEqualTo("1.00");

    Reply queue =
        api(
            "GET",
            "/api/v1/operator/items?status=OPEN&reason=UNKNOWN_REFUND&orderId=" + orderId,
            null);
    assertOk(queue, 200);
    JsonNode item = queue.json().path("items").path(0);
    assertThat(item.path("attemptId").asText()).isEqualTo(attemptId);
    assertThat(item.path("refundNo").asText()).isEqualTo(byHand);
    assertThat(item.path("detail").asText()).contains("1.00 CNY");
    long itemId = item.path("itemId").asLong();
    assertThat(refunded.path("itemId").asLong()).isEqualTo(itemId);
    assertThat(eventTypes(orderId)).contains("order.needs_attention");

    // the difference is still there: a retry leaves the item open, with the retry in its trail
    Reply retried =
        api(
            "POST",
            "/api/v1/operator/items/" + itemId + "/retry",
            json("operator", "ann", "note", "checking again"));
    assertOk(retried, 200);
    assertThat(retried.text("status")).isEqualTo("OPEN");

    Reply resolved =
        api(
            "POST",
            "/api/v1/operator/items/" + itemId + "/resolve",
            json("operator", "ann", "note", "the shop refunded a return by hand; booked"));
    assertOk(resolved, 200);
    assertThat(resolved.text("status")).isEqualTo("RESOLVED");
    assertThat(texts(resolved.json().path("actions"), "action"))
        .containsExactly("CREATED", "RETRIED", "REOPENED", "RESOLVED");
    assertThat(texts(resolved.json().path("actions"), "actor"))
        .containsExactly("payonce", "ann", "payonce", "ann");
    assertProblem(
        api(
            "POST",
            "/api/v1/operator/items/" + itemId + "/resolve",
            json("operator", "bob", "note", "me too")),
        409,
        "operator-item-resolved");

    // the same day again: the same differences, no second item
    JsonNode again = reconcile("wechat", TODAY);
    assertThat(difference(again, attemptId).path("itemId").asLong()).isEqualTo(itemId);
    assertThat(
            api("GET", "/api/v1/operator/items?reason=UNKNOWN_REFUND&orderId=" + orderId, null)
                .json()
                .path("items")
                .size())
        .isEqualTo(1);
  }

  @Test
  void badRequestsAreProblemsAndStartNothing() {
    assertProblem(
        api("POST", "/api/v1/reconciliations", json("channel", "paypal", "billDate", TODAY)),
        400,
        "unknown-channel");
    String tomorrow = LocalDate.parse(TODAY).plusDays(1).toString();
    assertProblem(
        api("POST", "/api/v1/reconciliations", json("channel", "wechat", "billDate", tomorrow)),
        404,
        "statement-not-found");
    assertProblem(
        api("POST", "/api/v1/reconciliations", json("channel", "wechat", "billDate", "2026-02-30")),
        400,
        "invalid-request");
    assertProblem(
        api("GET", "/api/v1/reconciliations/wechat/1999-01-01", null),
        404,
        "reconciliation-not-found");
    assertProblem(
        api("GET", "/api/v1/reconciliations/wechat/0000-01-01", null),
        404,
        "reconciliation-not-found");
    assertProblem(
        api("GET", "/api/v1/operator/items/999999999", null), 404, "operator-item-not-found");
    assertProblem(
        api("POST", "/api/v1/operator/items/999999999/resolve", json("operator", "ann")),
        404,
        "operator-item-not-found");
    assertProblem(
        api("POST", "/api/v1/operator/items/1/resolve", json("note", "no operator")),
        400,
        "invalid-request");
    assertProblem(
        api(
            "POST",
            "/api/v1/operator/items/1/resolve",
            json("operator", "ann", "note", "a\u0000b")),
        400,
        "invalid-request");
    assertProblem(api("GET", "/api/v1/operator/items?reason=NOPE", null), 400, "invalid-request");
    assertProblem(api("GET", "/api/v1/operator/items?limit=101", null), 400, "invalid-request");
  }

  /** Starts the day's reconciliation and waits until this run of it is DONE. */
  private JsonNode reconcile(String channel, String day) {
    Instant asked = Instant.now();
    assertOk(
        api("POST", "/api/v1/reconciliations", json("channel", channel, "billDate", day)), 202);
    AtomicReference<JsonNode> done = new AtomicReference<>();
    await("the reconciliation of " + channel + " " + day)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              Reply report =
                  api(
                      "GET",
                      "/api/v1/reconciliations/" + channel + "/" + day + "?limit=1000",
                      null);
              if (report.status() != 200) {
                return false;
              }
              JsonNode run = report.json().path("run");
              boolean fresh =
                  !Instant.parse(run.path("startedAt").asText()).isBefore(asked.minusSeconds(1));
              done.set(report.json());
              return fresh && "DONE".equals(run.path("status").asText());
            });
    return done.get();
  }

  private static JsonNode difference(JsonNode report, String attemptId) {
    for (JsonNode d : report.path("differences")) {
      if (attemptId.equals(d.path("attemptId").asText())) {
        return d;
      }
    }
    throw new AssertionError("no difference for " + attemptId + " in " + report);
  }

  private List<String> eventTypes(String orderId) {
    return texts(
        api("GET", "/api/v1/orders/" + orderId + "/events", null).json().path("events"), "type");
  }
}
