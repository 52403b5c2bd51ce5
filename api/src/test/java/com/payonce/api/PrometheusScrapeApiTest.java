package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.payonce.workflows.order.BusinessMeters;
import io.temporal.worker.MetricsType;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.JsonNode;

/**
 * What an operator's Prometheus sees: payonce's business meters and the Temporal SDK's, scraped
 * from the management port; the API's port serves none of it.
 */
class PrometheusScrapeApiTest extends ApiTestSupport {

  @AfterEach
  void resetChannels() {
    for (String channel : List.of("alipay", "wechat")) {
      assertOk(sandbox("DELETE", channel, "/settings", null), 200);
    }
  }

  @Test
  void aDuplicatePayment_showsAsAPaidOrder_anAutomaticRefundByReason_andAcceptedWebhooks() {
    double paidBefore = scraped("payonce_orders_settled_total", "outcome=\"paid\"");
    double duplicatesBefore = scraped("payonce_refunds_automatic_total", "reason=\"duplicate\"");
    double webhooksBefore =
        scraped("payonce_webhooks_total", "channel=\"wechat\"", "outcome=\"accepted\"");
    for (String channel : List.of("alipay", "wechat")) {
      assertOk(sandbox("PUT", channel, "/settings", json("closeHonored", false)), 200);
    }
    String orderId = uniqueId("scraped");
    assertOk(checkout(orderId, "customer-1", "12.30", "CNY"), 201);
    String alipay = pay(orderId, "alipay").text("attemptId");
    String wechat = pay(orderId, "wechat").text("attemptId");

    customerPays("wechat", wechat);
    awaitStatus(orderId, "PAID");
    customerPays("alipay", alipay);
    awaitOrder(
        orderId,
        "the duplicate refunded",
        view -> "REFUNDED".equals(text(attempt(view, alipay), "status")));

    // the SDK reports workflow meters every few seconds
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(scraped("payonce_orders_settled_total", "outcome=\"paid\""))
                  .isGreaterThan(paidBefore);
              assertThat(scraped("payonce_refunds_automatic_total", "reason=\"duplicate\""))
                  .isGreaterThan(duplicatesBefore);
            });
    assertThat(scraped("payonce_webhooks_total", "channel=\"wechat\"", "outcome=\"accepted\""))
        .isGreaterThan(webhooksBefore);
    assertThat(scraped("payonce_orders_time_to_settle_seconds_count", "outcome=\"paid\""))
        .isPositive();
    // the Temporal SDK's own meters come through the same registry, update calls included
    assertThat(scrape())
        .containsPattern("temporal_long_request_latency_seconds_count\\{[^}]*update_name=\"pay\"");
    assertThat(scrape())
        .contains("temporal_activity_execution_latency_seconds")
        .contains("temporal_request_latency_seconds");
  }

  @Test
  void theApisPortServesNoActuator() {
    assertThat(send("GET", "/actuator/prometheus", null, Map.of()).status()).isEqualTo(404);
    assertThat(send("GET", "/actuator/metrics", null, Map.of()).status()).isEqualTo(404);
    assertThat(management("/actuator/health").status()).isEqualTo(200);
  }

  /**
   * The Grafana dashboards of docker-compose.yml query only meters that exist: payonce's business
   * meters and the Temporal SDK's metric names (a renamed meter would leave a panel empty).
   */
  @Test
  void theComposeDashboards_queryOnlyMetersThatExist() throws IOException {
    Set<String> known = new HashSet<>();
    BusinessMeters.ALL.forEach(name -> known.add(name.replace('.', '_')));
    for (Class<?> names : List.of(MetricsType.class, io.temporal.serviceclient.MetricsType.class)) {
      for (Field field : names.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          known.add((String) ReflectionUtils.getField(field, null));
        }
      }
    }
    Path dashboards = Path.of("..", "scripts", "compose", "grafana", "dashboards");
    List<Path> files;
    try (Stream<Path> listed = Files.list(dashboards)) {
      files = listed.filter(f -> f.toString().endsWith(".json")).toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(2);
    Pattern meter = Pattern.compile("\\b(?:payonce|temporal)_[a-z_]+");
    for (Path file : files) {
      JsonNode dashboard = JSON.readTree(Files.readString(file));
      List<String> queried = new ArrayList<>();
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          meter
              .matcher(target.path("expr").asString())
              .results()
              .forEach(m -> queried.add(m.group()));
        }
      }
      assertThat(queried).as("meters in %s", file).isNotEmpty();
      assertThat(queried)
          .as("meters in %s", file)
          .allSatisfy(
              name ->
                  assertThat(name.replaceAll("(_seconds)?(_bucket|_count|_sum|_max|_total)?$", ""))
                      .isIn(known));
    }
  }

  private String scrape() {
    Reply reply = management("/actuator/prometheus");
    assertThat(reply.status()).as("scrape: %s", reply).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("text/plain");
    return reply.body();
  }

  /** The sum of a series over every line carrying all the given labels; 0 when none does. */
  private double scraped(String metric, String... labels) {
    return scrape()
        .lines()
        .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
