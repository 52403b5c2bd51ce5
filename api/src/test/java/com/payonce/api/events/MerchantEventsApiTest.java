package com.payonce.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.payonce.api.ApiTestSupport;
import com.payonce.api.events.ShopEndpoint.Received;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shop hears of its orders without polling: signed POSTs to its endpoints, at least once and in
 * order per order, through an endpoint that is down, with a log it reads and replays.
 */
class MerchantEventsApiTest extends ApiTestSupport {
  private static final Duration TOLERANCE = Duration.ofMinutes(5);

  private record Endpoint(String id, String secret) {}

  private Endpoint register(ShopEndpoint shop) {
    Reply created = api("POST", "/api/v1/webhook-endpoints", json("url", shop.url()));
    assertOk(created, 201);
    assertThat(created.text("secret")).startsWith("whsec_");
    return new Endpoint(created.text("endpointId"), created.text("secret"));
  }

  private void delete(Endpoint endpoint) {
    assertThat(api("DELETE", "/api/v1/webhook-endpoints/" + endpoint.id(), null).status())
        .isEqualTo(204);
  }

  private static List<Received> awaitReceived(
      ShopEndpoint shop, String orderId, String type, int count) {
    return await(type + " reaches the shop for " + orderId)
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> shop.of(orderId),
            received -> received.stream().filter(r -> type.equals(r.eventType())).count() >= count);
  }

  private static List<String> types(List<Received> received) {
    return received.stream().map(Received::eventType).toList();
  }

  @Test
  void aPaidOrderReachesTheShopSignedAndLogged() {
    try (ShopEndpoint shop = new ShopEndpoint()) {
      Endpoint endpoint = register(shop);
      try {
        String orderId = uniqueId("events-paid");
        paidOrder(orderId, "20.00");
        Received paid =
            awaitReceived(shop, orderId, "order.paid", 1).stream()
                .filter(r -> r.eventType().equals("order.paid"))
                .findFirst()
                .orElseThrow();

        assertThat(
                ShopSignatureCheck.verifies(
                    paid.signature(), paid.body(), endpoint.secret(), TOLERANCE))
            .as("signature %s", paid.signature())
            .isTrue();
        assertThat(
                ShopSignatureCheck.verifies(
                    paid.signature(), paid.body() + " ", endpoint.secret(), TOLERANCE))
            .isFalse();
        assertThat(
                ShopSignatureCheck.verifies(
                    paid.signature(), paid.body(), "whsec_other", TOLERANCE))
            .isFalse();
        JsonNode body = JSON.readTree(paid.body());
        assertThat(text(body, "id")).isEqualTo(paid.eventId());
        assertThat(text(body, "type")).isEqualTo("order.paid");
        assertThat(text(body, "orderId")).isEqualTo(orderId);
        assertThat(text(body.path("data").path("order"), "status")).isEqualTo("PAID");
        assertThat(text(body.path("data").path("order"), "capturedAmount")).isEqualTo("20.00");
        // the page's events are not the shop's
        assertThat(types(shop.of(orderId))).noneMatch(t -> t.startsWith("attempt."));

        long id = Long.parseLong(paid.eventId());
        JsonNode feed = api("GET", "/api/v1/events?after=" + (id - 1) + "&limit=1", null).json();
        JsonNode logged = feed.path("events").get(0);
        assertThat(text(logged, "id")).isEqualTo(paid.eventId());
        assertThat(text(logged.path("data").path("order"), "status")).isEqualTo("PAID");
        await("the delivery is logged")
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    api("GET", "/api/v1/events?after=" + (id - 1) + "&limit=1", null)
                        .json()
                        .path("events")
                        .get(0)
                        .path("deliveries"),
                d ->
                    d.size() == 1
                        && "DELIVERED".equals(text(d.get(0), "status"))
                        && endpoint.id().equals(text(d.get(0), "endpointId")));

        JsonNode ofOrder = api("GET", "/api/v1/orders/" + orderId + "/events", null).json();
        assertThat(texts(ofOrder.path("events"), "type"))
            .containsSubsequence("attempt.opened", "attempt.paid", "order.paid");
      } finally {
        delete(endpoint);
      }
    }
  }

  @Test
  void anEndpointDownLosesNothingAndGetsEachOrdersEventsInOrder() {
    try (ShopEndpoint shop = new ShopEndpoint()) {
      Endpoint endpoint = register(shop);
      try {
        shop.answer(503);
        String orderId = uniqueId("events-down");
        paidOrder(orderId, "30.00");
        assertOk(refund(orderId, "r-1", "10.00"), 200);
        assertOk(refund(orderId, "r-2", "20.00"), 200);
        awaitStatus(orderId, "REFUNDED");
        await("the shop's endpoint has been tried and refused")
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> api("GET", "/api/v1/orders/" + orderId + "/events", null).json(),
                log -> {
                  for (JsonNode event : log.path("events")) {
                    for (JsonNode d : event.path("deliveries")) {
                      if (d.path("attempts").asInt() >= 2
                          && d.path("lastResponseStatus").asInt() == 503) {
                        return true;
                      }
                    }
                  }
                  return false;
                });
        assertThat(shop.of(orderId)).isEmpty();

        shop.answer(200);
        List<Received> received = awaitReceived(shop, orderId, "order.refunded", 1);
        received = awaitReceived(shop, orderId, "refund.succeeded", 2);
        assertThat(types(received))
            .containsExactly(
                "order.paid",
                "refund.succeeded",
                "order.partially_refunded",
                "refund.succeeded",
                "order.refunded");
        List<Long> ids = received.stream().map(r -> Long.parseLong(r.eventId())).toList();
        assertThat(ids).isSorted().doesNotHaveDuplicates();
        received.forEach(
            r ->
                assertThat(
                        ShopSignatureCheck.verifies(
                            r.signature(), r.body(), endpoint.secret(), TOLERANCE))
                    .isTrue());
      } finally {
        delete(endpoint);
      }
    }
  }

  @Test
  void aRedeliveryAfterARotationSendsTheSameBodySignedWithBothSecrets() {
    try (ShopEndpoint shop = new ShopEndpoint()) {
      Endpoint endpoint = register(shop);
      try {
        String orderId = uniqueId("events-redeliver");
        paidOrder(orderId, "5.00");
        Received first = awaitReceived(shop, orderId, "order.paid", 1).get(0);

        Reply rotated =
            api("POST", "/api/v1/webhook-endpoints/" + endpoint.id() + "/rotate-secret", null);
        assertOk(rotated, 200);
        String newSecret = rotated.text("secret");
        assertThat(newSecret).isNotEqualTo(endpoint.secret());
        assertThat(rotated.text("previousSecretExpiresAt")).isNotNull();
        JsonNode listed = api("GET", "/api/v1/webhook-endpoints", null).json();
        assertThat(listed.toString()).doesNotContain(newSecret).doesNotContain(endpoint.secret());

        Reply redelivered = api("POST", "/api/v1/events/" + first.eventId() + "/redeliver", null);
        assertOk(redelivered, 202);
        Received again = awaitReceived(shop, orderId, "order.paid", 2).get(1);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.signature().split(",v1=")).hasSize(3);
        assertThat(
                ShopSignatureCheck.verifies(again.signature(), again.body(), newSecret, TOLERANCE))
            .isTrue();
        assertThat(
                ShopSignatureCheck.verifies(
                    again.signature(), again.body(), endpoint.secret(), TOLERANCE))
            .isTrue();
      } finally {
        delete(endpoint);
      }
    }
  }

  /** The README's Python verifier, as printed there, run on a real delivery. */
  @Test
  void theReadmesPythonVerifierAcceptsARealDeliveryAndNothingElse() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("```python\n") + "```python\n".length();
    Path verifier = Files.createTempFile("verify", ".py");
    Files.writeString(verifier, readme.substring(start, readme.indexOf("```", start)));
    assumeTrue(
        new ProcessBuilder("python3", "--version").start().waitFor() == 0, "python3 is installed");
    try (ShopEndpoint shop = new ShopEndpoint()) {
      Endpoint endpoint = register(shop);
      try {
        String orderId = uniqueId("events-python");
        paidOrder(orderId, "3.00");
        Received paid = awaitReceived(shop, orderId, "order.paid", 1).get(0);
        assertThat(python(verifier, endpoint.secret(), paid.signature(), paid.body())).isZero();
        assertThat(python(verifier, endpoint.secret(), paid.signature(), paid.body() + "\n"))
            .isOne();
        assertThat(python(verifier, "whsec_wrong", paid.signature(), paid.body())).isOne();
      } finally {
        delete(endpoint);
      }
    }
  }

  private static int python(Path script, String secret, String header, String body)
      throws Exception {
    Process process = new ProcessBuilder("python3", script.toString(), secret, header).start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(body.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  @Test
  void badInputIsAProblemAndChangesNothing() {
    for (String url :
        List.of(
            "ftp://shop.example/x", "not a url", "https://user:pw@shop.example/", "/relative")) {
      assertProblem(
          api("POST", "/api/v1/webhook-endpoints", json("url", url)), 400, "invalid-request");
    }
    assertProblem(api("POST", "/api/v1/webhook-endpoints", "{}"), 400, "invalid-request");
    assertProblem(
        api("POST", "/api/v1/webhook-endpoints", json("url", "https://a.example/%zz")),
        400,
        "invalid-request");
    assertProblem(
        api("POST", "/api/v1/webhook-endpoints", json("url", "https://a.1/")),
        400,
        "invalid-request");
    // URLs at the size limit, plain and all escapes (the fuzz found the pattern's recursion)
    for (String path : List.of("a".repeat(2000), "%41".repeat(675))) {
      Reply long_ =
          api("POST", "/api/v1/webhook-endpoints", json("url", "https://a.example/" + path));
      assertOk(long_, 201);
      delete(new Endpoint(long_.text("endpointId"), null));
    }
    assertProblem(
        api("POST", "/api/v1/webhook-endpoints/we_nope/rotate-secret", null),
        404,
        "endpoint-not-found");
    assertProblem(
        api("DELETE", "/api/v1/webhook-endpoints/we_nope", null), 404, "endpoint-not-found");
    assertProblem(api("POST", "/api/v1/events/999999999/redeliver", null), 404, "event-not-found");
    assertProblem(api("GET", "/api/v1/events?after=-1", null), 400, "invalid-request");
    assertProblem(api("GET", "/api/v1/events?limit=101", null), 400, "invalid-request");
    assertProblem(api("GET", "/api/v1/events?after=abc", null), 400, "invalid-request");
    assertProblem(api("GET", "/api/v1/orders/nope-404/events", null), 404, "order-not-found");
    assertThat(api("GET", "/api/v1/webhook-endpoints", null).json()).isEmpty();
  }
}
