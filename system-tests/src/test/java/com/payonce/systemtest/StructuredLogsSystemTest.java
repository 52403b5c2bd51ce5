package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.SandboxKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app jar logs as the production image runs it (LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs): one
 * JSON object per line, and an order's lines, from the API thread that took the checkout to the
 * worker threads that ran its workflow and activities, all found by its order id. No line holds the
 * API key or a webhook secret.
 */
@EnabledIfSystemProperty(named = "payonce.systemTests", matches = "true")
class StructuredLogsSystemTest {

  @RegisterExtension static final Topology topology = new Topology();

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Orders orders = new Orders(topology);

  @Test
  void anOrdersLogLines_areJson_andCarryItsOrderId_onApiAndWorkerThreads() {
    String orderId = Orders.newId("st-logs");
    orders.checkout(orderId, Orders.newId("c"), "12.00").expect(201);
    JsonNode attempt = orders.pay(orderId, "alipay");
    String attemptId = attempt.path("attemptId").asText();
    orders.customerPays(attempt);
    orders.awaitPaidExactlyOnce(orderId, 1200, Duration.ofSeconds(60));

    List<JsonNode> orderLines =
        Await.until(
            "the app's log has the order's checkout, webhook, activity and workflow lines",
            Duration.ofSeconds(30),
            () -> lines().stream().filter(l -> orderId.equals(l.path("orderId").asText())).toList(),
            found ->
                loggedBy(found, "OrderService") && loggedBy(found, "OrderPaymentWorkflowImpl"));

    assertThat(orderLines)
        .as("every line of the order names its workflow")
        .allSatisfy(line -> assertThat(line.path("workflowId").asText()).isEqualTo(orderId));
    assertThat(orderLines)
        .filteredOn(line -> logger(line).endsWith("ChannelActivitiesImpl"))
        .as("the create activity's line, on a worker thread")
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line.path("attemptId").asText()).isEqualTo(attemptId));
    assertThat(lines())
        .filteredOn(line -> logger(line).endsWith("WebhookController"))
        .filteredOn(line -> attemptId.equals(line.path("attemptId").asText()))
        .as("the channel's webhook for the attempt, on an API thread")
        .isNotEmpty();

    String log = topology.app("app").allLogs();
    assertThat(log).doesNotContain(topology.apiKey());
    for (String channel : Topology.CHANNELS) {
      ChannelKeys keys = topology.channelKeys(channel);
      assertThat(log)
          .doesNotContain(keys.apiV3Key())
          .doesNotContain(SandboxKeys.pem(keys.merchant().getPrivate()).lines().skip(1).findFirst().orElseThrow());
    }
  }

  /**
   * Every log line of the app as JSON. Lines the JVM itself prints (a newer JDK's warnings) are not
   * log lines, but nothing that looks like a plain-text log line may hide among them.
   */
  private static List<JsonNode> lines() {
    assertThat(topology.app("app").allLogs().lines())
        .filteredOn(line -> !line.startsWith("{") && !line.startsWith(ManagedProcess.HEADER))
        .noneMatch(line -> line.matches(".*\\b(TRACE|DEBUG|INFO|WARN|ERROR)\\b.*---.*"));
    return topology
        .app("app")
        .allLogs()
        .lines()
        .filter(line -> line.startsWith("{"))
        .map(StructuredLogsSystemTest::parse)
        .toList();
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("not a JSON log line: " + line, e);
    }
  }

  private static boolean loggedBy(List<JsonNode> lines, String logger) {
    return lines.stream().anyMatch(l -> logger(l).endsWith(logger));
  }

  /** ECS's logger field, nested ({"log":{"logger":..}}) or dotted ("log.logger"). */
  private static String logger(JsonNode line) {
    JsonNode nested = line.path("log").path("logger");
    return nested.isMissingNode() ? line.path("log.logger").asText() : nested.asText();
  }
}
