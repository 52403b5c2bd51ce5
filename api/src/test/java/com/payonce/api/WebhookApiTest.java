package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.SandboxKeys;
import com.payonce.sandbox.webhook.Notification;
import com.payonce.sandbox.webhook.WebhookEventType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * POST /webhooks/{channel}: only the channel's own signed notifications get in, once only, and the
 * channel hears the answer it takes as "received". The adapters' own tests check the rest of each
 * PSP's rules (stale timestamps, malformed bodies).
 */
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

  @ParameterizedTest
  @ValueSource(strings = {"alipay", "wechat"})
  void aForgedOrAlteredNotificationIsRefusedAndHasNoEffect(String channel) {
    String orderId = uniqueId("forged-" + channel);
    assertOk(checkout(orderId, "customer-1", "10.00", "CNY"), 201);
    String attemptId = pay(orderId, channel).text("attemptId");
    String eventId = newEventId();
    Notification genuine = paymentNotification(channel, channelKeys(channel), eventId, attemptId);
    Notification otherAccount =
        paymentNotification(channel, SandboxKeys.generate(channel), eventId, attemptId);
    String body = new String(genuine.body(), StandardCharsets.UTF_8);
    assertThat(body).contains(eventId);

    Reply forged =
        notify(channel, otherAccount, new String(otherAccount.body(), StandardCharsets.UTF_8));
    Reply altered = notify(channel, genuine, body.replace(eventId, newEventId()));
    // Alipay signs in the body, WeChat Pay in the headers: drop the signature where it is
    Reply unsigned =
        send("POST", "/webhooks/" + channel, body.replaceAll("&?sign=[^&]*", ""), Map.of());
    Reply garbage = send("POST", "/webhooks/" + channel, "{\"id\": ", Map.of());

    assertProblem(forged, 401, "invalid-signature");
    assertProblem(altered, 401, "invalid-signature");
    assertProblem(unsigned, 401, "invalid-signature");
    assertThat(garbage.status()).as("%s", garbage).isIn(400, 401);
    assertThat(inboxRow(channel, eventId)).isEmpty();
    assertThat(signals(orderId)).isZero();
    assertThat(getOrder(orderId).text("status")).isEqualTo("AWAITING_PAYMENT");
  }

  @Test
  void anUnknownChannelHasNoWebhookEndpoint() {
    Reply reply = send("POST", "/webhooks/paypal", "{\"id\":\"evt_1\"}", Map.of());

    assertProblem(reply, 404, "not-found");
  }

  @Test
  void anOversizedBodyIsRefusedUnread() throws Exception {
    String padded = "{\"pad\":\"" + "x".repeat(MAX_BODY_BYTES) + "\"}";

    Reply withLength = send("POST", "/webhooks/wechat", padded, Map.of());

    assertProblem(withLength, 413, "payload-too-large");

    // chunked: no Content-Length to go by, the limit applies while reading
    HttpResponse<String> chunked =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/webhooks/alipay"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
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

  /** A signal is only a hint: the workflow asks the channel, which says the attempt is unpaid. */
  @Test
  void aSignedPaymentWebhookTheChannelDeniesDoesNotPayTheOrder() {
    String orderId = uniqueId("denied");
    assertOk(checkout(orderId, "customer-1", "10.00", "CNY"), 201);
    String attemptId = pay(orderId, "alipay").text("attemptId");
    String eventId = newEventId();
    Notification signed = paymentNotification("alipay", channelKeys("alipay"), eventId, attemptId);
    String body = new String(signed.body(), StandardCharsets.UTF_8);

    Reply accepted = notify("alipay", signed, body);

    assertAcknowledged("alipay", accepted);
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

    // the same notification again (the channel's retry): acknowledged, not delivered again
    Reply replay = notify("alipay", signed, body);

    assertAcknowledged("alipay", replay);
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

    // Alipay's signature is in its form body: the recorded bytes are the whole notification
    Reply replay =
        notify(
            "alipay",
            new Notification("application/x-www-form-urlencoded", Map.of(), new byte[0]),
            body);

    assertAcknowledged("alipay", replay);
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

  private static String newEventId() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "");
  }

  private Notification paymentNotification(
      String channel, ChannelKeys keys, String eventId, String attemptId) {
    return notification(
        channel, keys, eventId, WebhookEventType.PAYMENT_SUCCEEDED, attemptId, "10.00", null);
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
