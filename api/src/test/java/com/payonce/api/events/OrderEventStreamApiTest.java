package com.payonce.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.payonce.api.ApiTestSupport;
import com.payonce.api.events.SseClient.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The customer's page follows its order live with the order's client secret: each change as it
 * happens, and after a reconnection only what it missed.
 */
class OrderEventStreamApiTest extends ApiTestSupport {

  private String streamUrl(String orderId, String secret) {
    return baseUrl() + "/api/v1/orders/" + orderId + "/events?clientSecret=" + secret;
  }

  private static List<String> types(List<Event> events) {
    return events.stream().map(Event::type).toList();
  }

  private static List<Event> awaitEvents(SseClient stream, String type) {
    return await("the stream carries " + type)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(stream::events, events -> types(events).contains(type));
  }

  @Test
  void theCustomersPageSeesThePaymentLiveAndResumesWhereItLeft() throws Exception {
    String orderId = uniqueId("sse");
    Reply created = checkout(orderId, "customer-sse", "8.00", "CNY");
    String secret = created.text("clientSecret");
    List<Event> seen;
    try (SseClient stream = new SseClient(streamUrl(orderId, secret), null)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.contentType()).startsWith("text/event-stream");
      Reply attempt = pay(orderId, "wechat");
      awaitEvents(stream, "attempt.opened");
      customerPays("wechat", attempt.text("attemptId"));
      seen = awaitEvents(stream, "order.paid");
    }
    assertThat(types(seen)).containsSubsequence("attempt.opened", "attempt.paid", "order.paid");
    Event paid = seen.stream().filter(e -> e.type().equals("order.paid")).findFirst().orElseThrow();
    JsonNode body = JSON.readTree(paid.data());
    assertThat(text(body, "id")).isEqualTo(paid.id());
    assertThat(text(body.path("data").path("order"), "status")).isEqualTo("PAID");
    List<Long> ids = seen.stream().map(e -> Long.parseLong(e.id())).toList();
    assertThat(ids).isSorted().doesNotHaveDuplicates();

    // the browser reconnects with the last id it saw: only what came after
    Event opened = seen.get(types(seen).indexOf("attempt.opened"));
    try (SseClient resumed = new SseClient(streamUrl(orderId, secret), opened.id())) {
      List<Event> rest = awaitEvents(resumed, "order.paid");
      assertThat(types(rest)).doesNotContain("attempt.opened").contains("attempt.paid");
      assertThat(rest.get(0).id())
          .isEqualTo(seen.get(types(seen).indexOf("attempt.opened") + 1).id());
    }
  }

  @Test
  void aStreamNeedsTheOrdersOwnSecretAndIsCappedPerOrder() throws Exception {
    String orderId = uniqueId("sse-cap");
    String secret = checkout(orderId, "customer-sse", "1.00", "CNY").text("clientSecret");
    String other = uniqueId("sse-other");
    String otherSecret = checkout(other, "customer-sse", "1.00", "CNY").text("clientSecret");
    try (SseClient wrong = new SseClient(streamUrl(orderId, otherSecret), null)) {
      assertThat(wrong.status()).isEqualTo(401);
    }
    try (SseClient badId = new SseClient(streamUrl(orderId, secret), "not-a-number")) {
      assertThat(badId.status()).isEqualTo(400);
    }
    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        open.add(new SseClient(streamUrl(orderId, secret), null));
        assertThat(open.get(i).status()).isEqualTo(200);
      }
      try (SseClient sixth = new SseClient(streamUrl(orderId, secret), null)) {
        assertThat(sixth.status()).isEqualTo(429);
      }
    } finally {
      open.forEach(SseClient::close);
    }
    // closed streams give their places back
    await("the closed streams are let go")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              try (SseClient again = new SseClient(streamUrl(orderId, secret), null)) {
                return again.status();
              }
            },
            status -> status == 200);
  }
}
