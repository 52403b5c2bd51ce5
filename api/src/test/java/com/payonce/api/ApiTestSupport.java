package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.sandbox.channel.Amount;
import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.channel.PspOrderStatus;
import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.webhook.Notification;
import com.payonce.sandbox.webhook.PspWebhookEvent;
import com.payonce.sandbox.webhook.WebhookEventType;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.money.Money;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context every API test shares (embedded PostgreSQL, embedded Temporal, the sandbox
 * channels), and plain HTTP helpers over it. Every subclass must keep this exact configuration, so
 * the context is started once for the whole run.
 */
@SpringBootTest(
    webEnvironment = RANDOM_PORT,
    properties = {
      "payonce.embedded.data-dir=target/test-data",
      "payonce.embedded.clean-database=true",
      "payonce.orders.poll-initial=1s",
      "payonce.orders.poll-max=2s",
      "payonce.orders.late-payment-window=30s",
      // short enough that the sandbox's timeout faults (timeoutMs ~2 s) make payonce give up
      "payonce.channels.alipay.read-timeout=1s",
      "payonce.channels.wechat.read-timeout=1s",
      // long enough that a refund raised right after the payment always overtakes its webhook
      "payonce.sandbox.webhook-reorder-max-hold=5s",
      // undelivered inbox rows are swept every second (those older than the default 30 s)
      "payonce.webhooks.redelivery.interval=1s",
      // a shop endpoint that failed is tried again soon, and lost wake-ups are swept every second
      "payonce.merchant-events.first-retry=200ms",
      // the tests' shop endpoints listen on 127.0.0.1 over http (a real-Temporal run is no local
      // run)
      "payonce.merchant-events.allow-http=true",
      "payonce.merchant-events.sweep-interval=1s",
      "payonce.merchant-events.sweep-min-age=3s",
      // explicit, not the built-in development values: CI also runs this suite against a real
      // Temporal (TEMPORAL_ADDRESS=host:port), where those refuse to start and the sandbox is off
      "payonce.api-key=" + ApiTestSupport.API_KEY,
      "payonce.client-secret-key=api-test-client-secret-key",
      "payonce.ops.username=" + ApiTestSupport.OPS_USERNAME,
      "payonce.ops.password=" + ApiTestSupport.OPS_PASSWORD,
      "payonce.ops.temporal-ui-url=http://temporal-ui.test:8233/",
      "payonce.sandbox.enabled=true",
      // reconciliation tests read today's statements so far (real PSPs make them the next morning)
      "payonce.sandbox.channels.alipay.settings.same-day-statements=true",
      "payonce.sandbox.channels.wechat.settings.same-day-statements=true",
      // the limiter runs on every call, but these tests pay one order up to 200 times
      "payonce.rate-limits.per-customer.calls=1000000",
      "payonce.rate-limits.per-api-key.calls=1000000"
    })
public abstract class ApiTestSupport {

  protected static final String API_KEY = "api-test-key";
  protected static final String OPS_USERNAME = "ops-test-operator";
  protected static final String OPS_PASSWORD = "ops-test-password";
  protected static final String PROBLEM_JSON = "application/problem+json";

  protected static final JsonMapper JSON = JsonMapper.builder().build();

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @LocalServerPort protected int port;

  /** Actuator's own port (management.server.port), never the API's. */
  @LocalManagementPort protected int managementPort;

  @Autowired protected WorkflowClient temporal;

  @Autowired private DataSource dataSource;

  @Autowired protected PaymentChannels paymentChannels;

  @Autowired private SandboxChannels sandboxChannels;

  protected JdbcClient jdbc() {
    return JdbcClient.create(dataSource);
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  /** A response, its body parsed when it is JSON. */
  protected record Reply(
      int status,
      String contentType,
      java.net.http.HttpHeaders headers,
      String body,
      JsonNode json) {

    public String text(String field) {
      return ApiTestSupport.text(json, field);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + contentType + " " + body;
    }
  }

  protected String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  protected Reply send(String method, String pathOrUrl, String body, Map<String, String> headers) {
    String url = pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl() + pathOrUrl;
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null && !headers.containsKey("Content-Type")) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String contentType = response.headers().firstValue("Content-Type").orElse("");
      JsonNode json = null;
      if (contentType.contains("json") && !response.body().isBlank()) {
        json = JSON.readTree(response.body());
      }
      return new Reply(
          response.statusCode(), contentType, response.headers(), response.body(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A call to actuator, on the management port. */
  protected Reply management(String path) {
    return send("GET", "http://127.0.0.1:" + managementPort + path, null, Map.of());
  }

  /** A call to payonce's API with the right key. */
  protected Reply api(String method, String path, String body) {
    return send(method, path, body, Map.of("Authorization", "Bearer " + API_KEY));
  }

  protected Reply checkout(String orderId, String customerId, String amount, String currency) {
    return api(
        "POST",
        "/api/v1/orders",
        json("orderId", orderId, "customerId", customerId, "amount", amount, "currency", currency));
  }

  protected Reply getOrder(String orderId) {
    return api("GET", "/api/v1/orders/" + orderId, null);
  }

  protected Reply pay(String orderId, String channel) {
    return api("POST", "/api/v1/orders/" + orderId + "/payments", json("channel", channel));
  }

  protected Reply cancel(String orderId) {
    return api("POST", "/api/v1/orders/" + orderId + "/cancel", null);
  }

  protected Reply refund(String orderId, String refundId, String amount) {
    return api(
        "POST",
        "/api/v1/orders/" + orderId + "/refunds",
        json("refundId", refundId, "amount", amount, "reason", "test refund"));
  }

  /** A call to the embedded channel simulator, as the channel's own client would make it. */
  protected Reply sandbox(String method, String channel, String path, String body) {
    return send(method, "/sandbox/" + channel + "/v1" + path, body, Map.of());
  }

  /** The customer pays the attempt at its channel, through the simulator. */
  protected void customerPays(String channel, String attemptId) {
    Reply paid = sandbox("POST", channel, "/orders/" + attemptId + "/pay", null);
    assertThat(paid.status()).as("sandbox pay: %s", paid).isEqualTo(200);
    assertThat(paid.text("status")).isEqualTo("PAID");
  }

  /**
   * Someone pays at the channel for a merchant order payonce never opened (another shop on the same
   * merchant account, say); the channel calls payonce's webhook as for any of its orders.
   */
  protected void strangerPays(String channel, String merchantOrderNo, String amount) {
    paymentChannels
        .get(channel)
        .create(
            new CreatePayment(
                channel,
                merchantOrderNo,
                "not-from-payonce",
                Money.ofDecimal(amount, "CNY"),
                "not from payonce",
                Instant.now().plus(Duration.ofMinutes(15)).toEpochMilli()));
    customerPays(channel, merchantOrderNo);
  }

  /**
   * The channel's notification of an event, signed (and encrypted) by the embedded simulator as it
   * sends its own: with {@code keys} of another PSP account, a forgery.
   */
  protected Notification notification(
      String channel,
      ChannelKeys keys,
      String eventId,
      WebhookEventType type,
      String merchantOrderNo,
      String amount,
      String refundNo) {
    Amount money = Amount.parse(amount, java.util.Currency.getInstance("CNY"));
    Instant now = Instant.now();
    PspOrderSnapshot order =
        new PspOrderSnapshot(
            1,
            merchantOrderNo,
            channel + "-00000001-deadbeef",
            PspOrderStatus.PAID,
            true,
            money,
            money,
            refundNo == null ? Amount.zero(money.currency()) : money,
            URI.create(baseUrl() + "/webhooks/" + channel),
            now.plus(Duration.ofMinutes(15)),
            now,
            refundNo == null ? null : now);
    PspWebhookEvent event =
        new PspWebhookEvent(
            eventId,
            type,
            channel,
            merchantOrderNo,
            order.channelOrderId(),
            amount,
            "CNY",
            refundNo,
            now.toString());
    return sandboxChannels.all().get(channel).protocol().notifications(keys).encode(event, order);
  }

  /** The keys the embedded simulator signs {@code channel}'s notifications with. */
  protected ChannelKeys channelKeys(String channel) {
    return sandboxChannels.all().get(channel).keys();
  }

  /** Posts a notification to payonce as its channel would, the body as given. */
  protected Reply notify(String channel, Notification notification, String body) {
    Map<String, String> headers = new LinkedHashMap<>(notification.headers());
    headers.put("Content-Type", notification.contentType());
    return send("POST", "/webhooks/" + channel, body, headers);
  }

  /** What the channel takes as "received": Alipay's {@code success}, WeChat Pay's 2xx. */
  protected static void assertAcknowledged(String channel, Reply reply) {
    assertThat(reply.status()).as("%s", reply).isBetween(200, 299);
    if (channel.equals("alipay")) {
      assertThat(reply.body()).isEqualTo("success");
    }
  }

  /** Waits until the channel gave the whole payment back and payonce wrote its orphan refund. */
  protected void awaitOrphanRefunded(String channel, String merchantOrderNo, String amount) {
    await("the orphan payment is refunded in full at " + channel)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              JsonNode line = ledgerLine(channel, merchantOrderNo);
              assertThat(line).isNotNull();
              assertThat(text(line, "captured")).isEqualTo(amount);
              assertThat(text(line, "refunded")).isEqualTo(amount);
            });
    await("the orphan refund is in payonce's ledger")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                jdbc()
                    .sql(
                        """
                        SELECT count(*) FROM orphan_refunds
                        WHERE channel = :channel AND attempt_id = :attemptId
                          AND refund_no = :refundNo AND order_id IS NULL
                          AND amount_minor = :minor
                        """)
                    .param("channel", channel)
                    .param("attemptId", merchantOrderNo)
                    .param("refundNo", "auto-" + merchantOrderNo)
                    .param("minor", Money.ofDecimal(amount, "CNY").minor())
                    .query(Long.class)
                    .single(),
            rows -> rows == 1);
  }

  /** Empty when payonce never recorded the event; else whether it reached a workflow. */
  protected Optional<Boolean> inboxRow(String channel, String eventId) {
    return jdbc()
        .sql(
            "SELECT delivered_at IS NOT NULL FROM webhook_inbox"
                + " WHERE channel = :channel AND event_id = :eventId")
        .param("channel", channel)
        .param("eventId", eventId)
        .query(Boolean.class)
        .optional();
  }

  /** The sandbox's ledger line for one merchant order, or null while it captured nothing. */
  protected JsonNode ledgerLine(String channel, String merchantOrderNo) {
    Reply ledger = sandbox("GET", channel, "/ledger", null);
    assertThat(ledger.status()).as("ledger: %s", ledger).isEqualTo(200);
    for (JsonNode line : ledger.json()) {
      if (merchantOrderNo.equals(text(line, "merchantOrderNo"))) {
        return line;
      }
    }
    return null;
  }

  // ---- assertions and waiting ---------------------------------------------------------------

  /** An RFC 9457 problem with the stable type {@code urn:payonce:problem:<slug>}. */
  protected static void assertProblem(Reply reply, int status, String slug) {
    assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
    assertThat(reply.contentType()).as("content type of %s", reply).startsWith(PROBLEM_JSON);
    assertThat(reply.json()).as("body of %s", reply).isNotNull();
    assertThat(reply.text("type")).isEqualTo("urn:payonce:problem:" + slug);
    assertThat(reply.json().path("status").asInt()).isEqualTo(status);
    assertThat(reply.text("title")).isNotBlank();
  }

  protected static void assertOk(Reply reply, int status) {
    assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
    assertThat(reply.contentType()).as("content type of %s", reply).startsWith("application/json");
  }

  /** Polls GET until the order view matches, and returns that view. */
  protected JsonNode awaitOrder(String orderId, String description, Predicate<JsonNode> condition) {
    AtomicReference<JsonNode> last = new AtomicReference<>();
    await(description)
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              Reply reply = getOrder(orderId);
              assertOk(reply, 200);
              last.set(reply.json());
              assertThat(condition.test(reply.json()))
                  .as("%s; view: %s", description, reply)
                  .isTrue();
            });
    return last.get();
  }

  protected JsonNode awaitStatus(String orderId, String status) {
    return awaitOrder(
        orderId, "order " + orderId + " becomes " + status, v -> status.equals(text(v, "status")));
  }

  /** An order paid through alipay by the customer, as payonce sees it once it is PAID. */
  protected JsonNode paidOrder(String orderId, String amount) {
    assertOk(checkout(orderId, "customer-1", amount, "CNY"), 201);
    Reply attempt = pay(orderId, "alipay");
    assertOk(attempt, 200);
    customerPays("alipay", attempt.text("attemptId"));
    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attempt.text("attemptId"));
    return paid;
  }

  protected static JsonNode attempt(JsonNode order, String attemptId) {
    for (JsonNode attempt : order.path("attempts")) {
      if (attemptId.equals(text(attempt, "attemptId"))) {
        return attempt;
      }
    }
    throw new AssertionError("no attempt " + attemptId + " in " + order);
  }

  protected List<HistoryEvent> history(String workflowId) {
    return temporal.fetchHistory(workflowId).getEvents();
  }

  protected static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).count();
  }

  // ---- values -------------------------------------------------------------------------------

  protected static String uniqueId(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** A JSON object from alternating keys and values; null values are left out. */
  protected static String json(Object... keysAndValues) {
    Map<Object, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        fields.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return JSON.writeValueAsString(fields);
  }

  /** A field as text; null when absent or JSON null. */
  protected static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  protected static List<String> texts(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(text(node, field)));
    return values;
  }

  protected static String nowSeconds() {
    return Long.toString(Instant.now().getEpochSecond());
  }
}
