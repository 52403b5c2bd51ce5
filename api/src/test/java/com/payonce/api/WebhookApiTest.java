package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** POST /webhooks/{channel}: only signed, fresh, well-formed callbacks get in, and once only. */
class WebhookApiTest extends ApiTestSupport {

  private static final int MAX_BODY_BYTES = 65536;

  /**
   * The endpoint asks the channel's query before it signals, so the order settles in the workflow
   * task that receives the callback: no query activity, and PAID recorded in that task.
   */
  @Test
  void aVerifiedPaymentWebhook_settlesTheOrderWithoutAQueryActivity() {
    String orderId = uniqueId("one-task");

    paidOrder(orderId, "12.00");

    List<HistoryEvent> events = history(orderId);
    assertThat(events)
        .filteredOn(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .extracting(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .containsExactly("CreatePayment");
    int signal = -1;
    for (int i = 0; i < events.size() && signal < 0; i++) {
      if (events.get(i).getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
        signal = i;
      }
    }
    List<HistoryEvent> afterSignal = events.subList(signal + 1, events.size());
    int recorded = 0;
    while (!isLedgerWrite(afterSignal.get(recorded))) {
      recorded++;
    }
    assertThat(
            count(afterSignal.subList(0, recorded), EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED))
        .isEqualTo(1);
  }

  @Test
  void aForgedWebhookIsRefusedAndHasNoEffect() {
    String orderId = uniqueId("forged");
    assertOk(checkout(orderId, "customer-1", "10.00", "CNY"), 201);
    String attemptId = pay(orderId, "alipay").text("attemptId");
    String eventId = newEventId();
    String body = paymentEvent(eventId, "alipay", attemptId, "10.00");
    String timestamp = nowSeconds();

    Reply forged = webhook("alipay", body, timestamp, sign("not-the-secret", timestamp, body));
    Reply otherChannelsSecret =
        webhook("alipay", body, timestamp, sign(WECHAT_SECRET, timestamp, body));
    Reply tampered =
        webhook(
            "alipay",
            body.replace("10.00", "0.01"),
            timestamp,
            sign(ALIPAY_SECRET, timestamp, body));
    Reply noHeaders = send("POST", "/webhooks/alipay", body, Map.of());
    Reply noSignature =
        send("POST", "/webhooks/alipay", body, Map.of("X-Sandbox-Timestamp", timestamp));
    Reply noTimestamp =
        send(
            "POST",
            "/webhooks/alipay",
            body,
            Map.of("X-Sandbox-Signature", sign(ALIPAY_SECRET, timestamp, body)));

    assertProblem(forged, 401, "invalid-signature");
    assertProblem(otherChannelsSecret, 401, "invalid-signature");
    assertProblem(tampered, 401, "invalid-signature");
    assertProblem(noHeaders, 401, "invalid-signature");
    assertProblem(noSignature, 401, "invalid-signature");
    assertProblem(noTimestamp, 401, "invalid-signature");
    assertThat(inboxRow("alipay", eventId)).isEmpty();
    assertThat(signals(orderId)).isZero();
    assertThat(getOrder(orderId).text("status")).isEqualTo("AWAITING_PAYMENT");
  }

  @Test
  void aStaleWebhookIsRefusedEvenWhenCorrectlySigned() {
    String attemptId = UUID.randomUUID().toString().replace("-", "");
    String eventId = newEventId();
    String body = paymentEvent(eventId, "wechat", attemptId, "10.00");
    String tenMinutesAgo = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());
    String tenMinutesAhead = Long.toString(Instant.now().plusSeconds(600).getEpochSecond());

    Reply stale = webhook("wechat", body, tenMinutesAgo, sign(WECHAT_SECRET, tenMinutesAgo, body));
    Reply future =
        webhook("wechat", body, tenMinutesAhead, sign(WECHAT_SECRET, tenMinutesAhead, body));
    Reply notANumber = webhook("wechat", body, "yesterday", sign(WECHAT_SECRET, "yesterday", body));

    assertProblem(stale, 401, "stale-webhook");
    assertProblem(future, 401, "stale-webhook");
    assertProblem(notANumber, 401, "stale-webhook");
    assertThat(inboxRow("wechat", eventId)).isEmpty();
  }

  @Test
  void aMalformedWebhookIsRefusedEvenWhenCorrectlySigned() {
    String timestamp = nowSeconds();
    for (String body :
        List.of(
            "{\"eventId\": \"evt_1\", \"type\": ",
            "{}",
            "[]",
            json("eventId", newEventId(), "type", "PAYMENT_EXPLODED", "merchantOrderNo", "a1"),
            json("eventId", newEventId(), "type", "PAYMENT_SUCCEEDED"),
            json("type", "PAYMENT_SUCCEEDED", "merchantOrderNo", "a1"))) {

      Reply reply = webhook("alipay", body, timestamp, sign(ALIPAY_SECRET, timestamp, body));

      assertProblem(reply, 400, "malformed-webhook");
    }
  }

  @Test
  void anUnknownChannelHasNoWebhookEndpoint() {
    String timestamp = nowSeconds();
    String body = paymentEvent(newEventId(), "paypal", "a1", "1.00");

    Reply reply = webhook("paypal", body, timestamp, sign(ALIPAY_SECRET, timestamp, body));

    assertProblem(reply, 404, "not-found");
  }

  @Test
  void anOversizedBodyIsRefusedUnread() throws Exception {
    String timestamp = nowSeconds();
    String padded = "{\"pad\":\"" + "x".repeat(MAX_BODY_BYTES) + "\"}";

    Reply withLength = webhook("alipay", padded, timestamp, sign(ALIPAY_SECRET, timestamp, padded));

    assertProblem(withLength, 413, "payload-too-large");

    // chunked: no Content-Length to go by, the limit applies while reading
    HttpResponse<String> chunked =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/alipay"))
                    .header("Content-Type", "application/json")
                    .header("X-Sandbox-Timestamp", timestamp)
                    .header("X-Sandbox-Signature", sign(ALIPAY_SECRET, timestamp, padded))
                    .POST(
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofString(padded)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.headers().firstValue("Content-Type").orElse("")).startsWith(PROBLEM_JSON);
    assertThat(JSON.readTree(chunked.body()).path("type").asString())
        .isEqualTo("urn:payonce:problem:payload-too-large");
  }

  @Test
  void aBodyOfExactlyTheLimitIsAccepted() {
    String eventId = newEventId();
    String event =
        json(
            "eventId", eventId,
            "type", "REFUND_SUCCEEDED",
            "channel", "alipay",
            "merchantOrderNo", UUID.randomUUID().toString().replace("-", ""),
            "amount", "1.00",
            "currency", "CNY",
            "refundNo", "r-1");
    String body =
        event + " ".repeat(MAX_BODY_BYTES - event.getBytes(StandardCharsets.UTF_8).length);
    assertThat(body.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_BODY_BYTES);
    String timestamp = nowSeconds();

    Reply reply = webhook("alipay", body, timestamp, sign(ALIPAY_SECRET, timestamp, body));

    assertOk(reply, 200);
    assertThat(reply.text("status")).isEqualTo("accepted");
    assertThat(inboxRow("alipay", eventId)).contains(true);
  }

  /** A signal is only a hint: the workflow asks the channel, which says the attempt is unpaid. */
  @Test
  void aSignedPaymentWebhookTheChannelDeniesDoesNotPayTheOrder() {
    String orderId = uniqueId("denied");
    assertOk(checkout(orderId, "customer-1", "10.00", "CNY"), 201);
    String attemptId = pay(orderId, "alipay").text("attemptId");
    String eventId = newEventId();
    String body = paymentEvent(eventId, "alipay", attemptId, "10.00");
    String timestamp = nowSeconds();

    Reply accepted = webhook("alipay", body, timestamp, sign(ALIPAY_SECRET, timestamp, body));

    assertOk(accepted, 200);
    assertThat(accepted.text("status")).isEqualTo("accepted");
    await("the event is recorded as delivered")
        .atMost(Duration.ofSeconds(20))
        .until(() -> inboxRow("alipay", eventId).orElse(false));
    await("the workflow asked the channel about the attempt after the signal")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> channelQueriedAfterSignal(orderId));
    JsonNode order = getOrder(orderId).json();
    assertThat(text(order, "status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(text(order, "paidAttemptId")).isNull();
    assertThat(text(order, "capturedAmount")).isEqualTo("0.00");
    assertThat(text(attempt(order, attemptId), "status")).isEqualTo("OPEN");
    assertThat(sandbox("GET", "alipay", "/orders/" + attemptId, null).text("status"))
        .isEqualTo("WAIT_PAY");

    // the same event again, freshly signed: acknowledged, not delivered a second time
    String later = nowSeconds();
    Reply replay = webhook("alipay", body, later, sign(ALIPAY_SECRET, later, body));

    assertOk(replay, 200);
    assertThat(replay.json()).isEqualTo(JSON.readTree("{\"status\":\"duplicate\"}"));
    assertThat(signals(orderId)).isEqualTo(1);
  }

  @Test
  void aReplayOfADeliveredChannelWebhookIsADuplicate() {
    String orderId = uniqueId("replay");
    JsonNode paid = paidOrder(orderId, "25.00");
    String attemptId = text(paid, "paidAttemptId");
    Map<String, Object> delivered =
        await("the channel's payment webhook is delivered")
            .atMost(Duration.ofSeconds(20))
            .until(
                () ->
                    jdbc()
                        .sql(
                            """
                            SELECT event_id, body FROM webhook_inbox
                            WHERE channel = 'alipay' AND attempt_id = :attemptId
                              AND event_type = 'PAYMENT_SUCCEEDED' AND delivered_at IS NOT NULL
                            """)
                        .param("attemptId", attemptId)
                        .query()
                        .listOfRows(),
                rows -> rows.size() == 1)
            .get(0);
    String body = (String) delivered.get("body");
    long signalsBefore = signals(orderId);
    String timestamp = nowSeconds();

    Reply replay = webhook("alipay", body, timestamp, sign(ALIPAY_SECRET, timestamp, body));

    assertOk(replay, 200);
    assertThat(replay.json()).isEqualTo(JSON.readTree("{\"status\":\"duplicate\"}"));
    assertThat(signals(orderId)).isEqualTo(signalsBefore);
    JsonNode after = getOrder(orderId).json();
    assertThat(text(after, "status")).isEqualTo("PAID");
    assertThat(text(after, "capturedAmount")).isEqualTo("25.00");
    assertThat(after.path("refunds").isEmpty()).isTrue();
    JsonNode line = ledgerLine("alipay", attemptId);
    assertThat(text(line, "captured")).isEqualTo("25.00");
    assertThat(text(line, "refunded")).isEqualTo("0.00");
  }

  /** Money payonce never asked for (no order, no attempt) is given back. */
  @Test
  void anOrphanPaymentIsRefundedAutomatically() {
    String merchantOrderNo = uniqueId("orphan");

    strangerPays("alipay", merchantOrderNo, "12.34");

    awaitOrphanRefunded("alipay", merchantOrderNo, "12.34");
  }

  // ---- helpers ------------------------------------------------------------------------------

  private Reply webhook(String channel, String body, String timestamp, String signature) {
    return send(
        "POST",
        "/webhooks/" + channel,
        body,
        Map.of("X-Sandbox-Timestamp", timestamp, "X-Sandbox-Signature", signature));
  }

  private static String newEventId() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Shaped like the sandbox's own PAYMENT_SUCCEEDED callback. */
  private static String paymentEvent(
      String eventId, String channel, String merchantOrderNo, String amount) {
    return json(
        "eventId",
        eventId,
        "type",
        "PAYMENT_SUCCEEDED",
        "channel",
        channel,
        "merchantOrderNo",
        merchantOrderNo,
        "channelOrderId",
        channel + "-00000001-deadbeef",
        "amount",
        amount,
        "currency",
        "CNY",
        "occurredAt",
        Instant.now().toString());
  }

  private long signals(String orderId) {
    return count(history(orderId), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED);
  }

  /**
   * True once, after the last channel-event signal, a QueryPayment activity was scheduled and
   * completed and a workflow task then completed: the workflow has acted on the channel's answer.
   */
  private boolean channelQueriedAfterSignal(String orderId) {
    List<HistoryEvent> events = history(orderId);
    long signalId = -1;
    for (HistoryEvent event : events) {
      if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
        signalId = event.getEventId();
      }
    }
    if (signalId < 0) {
      return false;
    }
    long completedQueryAt = -1;
    for (HistoryEvent event : events) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
        long scheduledId = event.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        HistoryEvent scheduled = events.get((int) scheduledId - 1);
        if (scheduledId > signalId
            && "QueryPayment"
                .equals(
                    scheduled
                        .getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())) {
          completedQueryAt = event.getEventId();
        }
      }
    }
    if (completedQueryAt < 0) {
      return false;
    }
    long queryDoneAt = completedQueryAt;
    return events.stream()
        .anyMatch(
            e ->
                e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
                    && e.getEventId() > queryDoneAt);
  }

  /** A local activity's marker (the ledger write), not a version marker. */
  private static boolean isLedgerWrite(HistoryEvent e) {
    return e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
        && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity");
  }
}
