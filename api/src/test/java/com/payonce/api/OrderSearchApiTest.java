package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A shop lists its orders by customer, status, channel and time, a page at a time. */
class OrderSearchApiTest extends ApiTestSupport {

  private List<String> ids(String query) {
    Reply page = api("GET", "/api/v1/orders?" + query, null);
    assertOk(page, 200);
    return texts(page.json().path("orders"), "orderId");
  }

  @Test
  void ordersAreFoundByEachFilterNewestFirstAndPagedWithoutGapsOrRepeats() {
    String customer = uniqueId("search-customer");
    Instant before = Instant.now().minusSeconds(1);
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String orderId = uniqueId("search-" + i);
      assertOk(checkout(orderId, customer, "2.00", "CNY"), 201);
      created.add(0, orderId); // newest first
    }
    String paidByWechat = created.get(4);
    assertOk(pay(paidByWechat, "wechat"), 200);
    customerPays(
        "wechat",
        getOrder(paidByWechat).json().path("attempts").get(0).path("attemptId").asString());
    awaitStatus(paidByWechat, "PAID");
    String cancelled = created.get(0);
    assertOk(cancel(cancelled), 200);

    assertThat(ids("customerId=" + customer + "&limit=100")).containsExactlyElementsOf(created);
    awaitIds(() -> ids("customerId=" + customer + "&status=PAID"), List.of(paidByWechat));
    awaitIds(() -> ids("customerId=" + customer + "&status=CANCELLED"), List.of(cancelled));
    assertThat(ids("customerId=" + customer + "&channel=wechat")).containsExactly(paidByWechat);
    assertThat(ids("customerId=" + customer + "&channel=alipay")).isEmpty();
    assertThat(ids("customerId=" + customer + "&createdFrom=" + Instant.now().plusSeconds(60)))
        .isEmpty();
    assertThat(
            ids(
                "customerId="
                    + customer
                    + "&createdFrom="
                    + before
                    + "&createdTo="
                    + Instant.now()))
        .containsExactlyElementsOf(created);
    // RFC 3339 allows offsets Java's own parsers refuse, and bounds past every order
    assertThat(ids("customerId=" + customer + "&createdFrom=0000-01-01T00:00:00%2B23:59"))
        .containsExactlyElementsOf(created);
    assertThat(ids("customerId=" + customer + "&createdTo=9999-12-31T23:59:60-23:59"))
        .containsExactlyElementsOf(created);

    JsonNode paid =
        api("GET", "/api/v1/orders?customerId=" + customer + "&status=PAID", null).json();
    assertThat(text(paid.path("orders").get(0), "paidChannel")).isEqualTo("wechat");
    assertThat(text(paid.path("orders").get(0), "capturedAmount")).isEqualTo("2.00");

    List<String> paged = new ArrayList<>();
    String after = null;
    boolean more = true;
    while (more) {
      Reply page =
          api(
              "GET",
              "/api/v1/orders?customerId="
                  + customer
                  + "&limit=2"
                  + (after == null ? "" : "&startingAfter=" + after),
              null);
      assertOk(page, 200);
      List<String> ids = texts(page.json().path("orders"), "orderId");
      assertThat(ids.size()).isBetween(1, 2);
      paged.addAll(ids);
      after = ids.get(ids.size() - 1);
      more = page.json().path("hasMore").asBoolean();
    }
    assertThat(paged).containsExactlyElementsOf(created);
  }

  private static void awaitIds(
      java.util.function.Supplier<List<String>> ids, List<String> expected) {
    org.awaitility.Awaitility.await("the ledger catches up with the workflow")
        .atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(ids::get, expected::equals);
  }

  @Test
  void badFiltersAreProblemsAndTheCustomerCannotList() {
    assertProblem(api("GET", "/api/v1/orders?limit=0", null), 400, "invalid-request");
    assertProblem(api("GET", "/api/v1/orders?limit=101", null), 400, "invalid-request");
    assertProblem(api("GET", "/api/v1/orders?status=paid", null), 400, "invalid-request");
    assertProblem(api("GET", "/api/v1/orders?channel=paypal", null), 400, "unknown-channel");
    for (String time : List.of("yesterday", "", "2026-02-30T00:00:00Z", "2026-12-01T24:00:00Z")) {
      assertProblem(api("GET", "/api/v1/orders?createdFrom=" + time, null), 400, "invalid-request");
    }
    assertProblem(
        api("GET", "/api/v1/orders?startingAfter=no-such-order-at-all", null),
        404,
        "order-not-found");
    assertProblem(api("GET", "/api/v1/orders?startingAfter=..", null), 400, "invalid-request");

    String orderId = uniqueId("search-secret");
    String secret = checkout(orderId, "c-search", "1.00", "CNY").text("clientSecret");
    assertProblem(
        send("GET", "/api/v1/orders?clientSecret=" + secret, null, Map.of()), 401, "unauthorized");
  }
}
