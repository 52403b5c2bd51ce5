package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.filter.v1.WorkflowExecutionFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** POST /api/v1/orders and GET /api/v1/orders/{id}: creation, idempotency, validation, auth. */
class CheckoutApiTest extends ApiTestSupport {

  @Test
  void newOrderIsCreatedAndAnIdenticalRepeatAnswersTheSameOrder() {
    String orderId = uniqueId("checkout");

    Reply created = checkout(orderId, "customer-1", "99.90", "CNY");

    assertOk(created, 201);
    assertThat(created.contentType()).startsWith("application/json");
    assertThat(created.text("orderId")).isEqualTo(orderId);
    assertThat(created.text("customerId")).isEqualTo("customer-1");
    assertThat(created.text("amount")).isEqualTo("99.90");
    assertThat(created.text("currency")).isEqualTo("CNY");
    assertThat(created.text("status")).isEqualTo("AWAITING_PAYMENT");
    assertThat(created.text("paidAttemptId")).isNull();
    assertThat(created.text("capturedAmount")).isEqualTo("0.00");
    assertThat(created.text("refundedAmount")).isEqualTo("0.00");
    assertThat(created.json().path("attempts").isEmpty()).isTrue();
    assertThat(created.json().path("refunds").isEmpty()).isTrue();
    assertThat(URI.create(created.header("Location")).getPath())
        .isEqualTo("/api/v1/orders/" + orderId);

    Reply repeated = checkout(orderId, "customer-1", "99.90", "CNY");

    assertOk(repeated, 200);
    assertThat(repeated.json()).isEqualTo(created.json());
    assertThat(rows(orderId)).isEqualTo(1);
  }

  @Test
  void theSameOrderIdForADifferentOrderIsAConflict() {
    String orderId = uniqueId("conflict");
    assertOk(checkout(orderId, "customer-1", "99.90", "CNY"), 201);

    Reply otherAmount = checkout(orderId, "customer-1", "99.91", "CNY");
    Reply otherCustomer = checkout(orderId, "customer-2", "99.90", "CNY");
    Reply otherCurrency = checkout(orderId, "customer-1", "99.90", "USD");

    assertProblem(otherAmount, 409, "order-conflict");
    assertProblem(otherCustomer, 409, "order-conflict");
    assertProblem(otherCurrency, 409, "order-conflict");
    // the first order is untouched
    Reply order = getOrder(orderId);
    assertOk(order, 200);
    assertThat(order.text("customerId")).isEqualTo("customer-1");
    assertThat(order.text("amount")).isEqualTo("99.90");
    assertThat(order.text("currency")).isEqualTo("CNY");
  }

  static Stream<Arguments> invalidCheckouts() {
    return Stream.of(
        invalid("zero amount", id -> checkoutJson(id, "0", "CNY"), null),
        invalid("zero amount with decimals", id -> checkoutJson(id, "0.00", "CNY"), null),
        invalid("negative amount", id -> checkoutJson(id, "-1.00", "CNY"), "amount"),
        invalid("more decimals than CNY has", id -> checkoutJson(id, "99.999", "CNY"), null),
        invalid("exponent", id -> checkoutJson(id, "1e3", "CNY"), "amount"),
        invalid("JPY has no decimals", id -> checkoutJson(id, "100.5", "JPY"), null),
        invalid("unknown currency", id -> checkoutJson(id, "10.00", "XYZ"), null),
        invalid("lowercase currency", id -> checkoutJson(id, "10.00", "cny"), "currency"),
        invalid("orderId with a space", id -> checkoutJson(id + " x", "10.00", "CNY"), "orderId"),
        invalid(
            "orderId of 65 characters",
            id -> checkoutJson("a".repeat(65), "10.00", "CNY"),
            "orderId"),
        invalid("unicode orderId", id -> checkoutJson(id + "-订单", "10.00", "CNY"), "orderId"),
        invalid(
            "missing orderId",
            id -> json("customerId", "c", "amount", "10.00", "currency", "CNY"),
            "orderId"),
        invalid(
            "missing customerId",
            id -> json("orderId", id, "amount", "10.00", "currency", "CNY"),
            "customerId"),
        invalid(
            "missing amount",
            id -> json("orderId", id, "customerId", "c", "currency", "CNY"),
            "amount"),
        invalid(
            "missing currency",
            id -> json("orderId", id, "customerId", "c", "amount", "10.00"),
            "currency"),
        invalid("empty object", id -> "{}", "orderId"),
        invalid(
            "expiry beyond the maximum",
            id ->
                json(
                    "orderId",
                    id,
                    "customerId",
                    "c",
                    "amount",
                    "10.00",
                    "currency",
                    "CNY",
                    "expiresInSeconds",
                    24 * 3600 + 1),
            null),
        invalid("malformed JSON", id -> "{\"orderId\": \"" + id + "\", \"amount\": ", null),
        invalid("not an object", id -> "[1, 2]", null));
  }

  private static Arguments invalid(String name, Function<String, String> body, String field) {
    return Arguments.of(name, body, field);
  }

  private static String checkoutJson(String orderId, String amount, String currency) {
    return json(
        "orderId", orderId, "customerId", "customer-1", "amount", amount, "currency", currency);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidCheckouts")
  void invalidCheckoutIsRefusedAndCreatesNothing(
      String name, Function<String, String> body, String field) {
    String orderId = uniqueId("invalid");

    Reply reply = api("POST", "/api/v1/orders", body.apply(orderId));

    assertProblem(reply, 400, "invalid-request");
    assertThat(reply.text("detail")).isNotBlank();
    if (field != null) {
      assertThat(texts(reply.json().path("errors"), "field")).contains(field);
    }
    assertThat(rows(orderId)).isZero();
    assertProblem(getOrder(orderId), 404, "order-not-found");
  }

  @Test
  void yenHasNoMinorUnits() {
    String orderId = uniqueId("jpy");

    Reply created = checkout(orderId, "customer-1", "100", "JPY");

    assertOk(created, 201);
    assertThat(created.text("amount")).isEqualTo("100");
    assertThat(created.text("currency")).isEqualTo("JPY");
    assertThat(created.text("capturedAmount")).isEqualTo("0");
  }

  @Test
  void withoutTheRightApiKeyNothingHappens() {
    String orderId = uniqueId("unauthorized");
    String body = checkoutJson(orderId, "10.00", "CNY");

    Reply noKey = send("POST", "/api/v1/orders", body, Map.of());
    Reply wrongKey =
        send("POST", "/api/v1/orders", body, Map.of("Authorization", "Bearer not-the-key"));
    Reply keyWithoutScheme = send("POST", "/api/v1/orders", body, Map.of("Authorization", API_KEY));
    Reply readWithoutKey = send("GET", "/api/v1/orders/" + orderId, null, Map.of());

    assertProblem(noKey, 401, "unauthorized");
    assertThat(noKey.header("WWW-Authenticate")).isEqualTo("Bearer");
    assertProblem(wrongKey, 401, "unauthorized");
    assertProblem(keyWithoutScheme, 401, "unauthorized");
    assertProblem(readWithoutKey, 401, "unauthorized");
    assertThat(rows(orderId)).isZero();
    assertProblem(getOrder(orderId), 404, "order-not-found");
  }

  @Test
  void aMultipartContentTypeWithoutBoundaryIsABadRequestNotAServerError() {
    // found by scripts/fuzz-api.sh (schemathesis): it answered 500 on every endpoint
    String orderId = uniqueId("multipart");
    Map<String, String> multipart =
        Map.of("Authorization", "Bearer " + API_KEY, "Content-Type", "multipart/form-data");

    // (no body: the multipart parse fails before any body would be read)
    assertProblem(send("POST", "/api/v1/orders", null, multipart), 400, "invalid-request");
    assertProblem(
        send("GET", "/api/v1/orders/" + orderId, null, multipart), 400, "invalid-request");
    assertProblem(
        send("POST", "/webhooks/alipay", null, Map.of("Content-Type", "multipart/form-data")),
        400,
        "invalid-request");
    assertThat(rows(orderId)).isZero();
  }

  @Test
  void getShowsTheOrderAndUnknownOrdersAreNotFound() {
    String orderId = uniqueId("view");
    Reply created =
        api(
            "POST",
            "/api/v1/orders",
            json(
                "orderId", orderId,
                "customerId", "customer-7",
                "amount", "12.30",
                "currency", "CNY",
                "description", "two coffees",
                "expiresInSeconds", 600));
    assertOk(created, 201);

    Reply view = getOrder(orderId);

    assertOk(view, 200);
    assertThat(view.text("orderId")).isEqualTo(orderId);
    assertThat(view.text("customerId")).isEqualTo("customer-7");
    assertThat(view.text("amount")).isEqualTo("12.30");
    assertThat(view.text("currency")).isEqualTo("CNY");
    assertThat(view.text("description")).isEqualTo("two coffees");
    assertThat(view.text("status")).isEqualTo("AWAITING_PAYMENT");
    Instant createdAt = Instant.parse(view.text("createdAt"));
    Instant expiresAt = Instant.parse(view.text("expiresAt"));
    assertThat(Duration.between(createdAt, expiresAt)).isEqualTo(Duration.ofSeconds(600));
    assertThat(view.json().path("attempts").isEmpty()).isTrue();

    assertProblem(getOrder(uniqueId("missing")), 404, "order-not-found");
  }

  @Test
  void concurrentIdenticalCheckoutsCreateOneOrderAndOneWorkflow() throws Exception {
    String orderId = uniqueId("concurrent");
    String body = checkoutJson(orderId, "66.60", "CNY");
    int requests = 100;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Reply>> futures = new ArrayList<>();
    List<Reply> replies = new ArrayList<>();
    try {
      for (int i = 0; i < requests; i++) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return api("POST", "/api/v1/orders", body);
                }));
      }
      go.countDown();
      for (Future<Reply> future : futures) {
        replies.add(future.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    Map<Integer, Long> byStatus =
        replies.stream().collect(Collectors.groupingBy(Reply::status, Collectors.counting()));
    assertThat(byStatus).as("statuses of %s", replies).isEqualTo(Map.of(201, 1L, 200, 99L));
    JsonNode first = replies.get(0).json();
    assertThat(replies).allSatisfy(reply -> assertThat(reply.json()).isEqualTo(first));
    assertThat(first.path("orderId").asString()).isEqualTo(orderId);
    assertThat(first.path("status").asString()).isEqualTo("AWAITING_PAYMENT");

    assertThat(rows(orderId)).isEqualTo(1);
    List<WorkflowExecutionInfo> executions = executions(orderId);
    assertThat(executions).hasSize(1);
    assertThat(executions.get(0).getExecution().getWorkflowId()).isEqualTo(orderId);
    assertThat(count(history(orderId), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED))
        .isEqualTo(1);
  }

  private long rows(String orderId) {
    return jdbc()
        .sql("SELECT count(*) FROM orders WHERE order_id = :id")
        .param("id", orderId)
        .query(Long.class)
        .single();
  }

  /** Every run of the workflow id, open or closed (the test server has no visibility queries). */
  private List<WorkflowExecutionInfo> executions(String workflowId) {
    WorkflowServiceBlockingStub service = temporal.getWorkflowServiceStubs().blockingStub();
    String namespace = temporal.getOptions().getNamespace();
    WorkflowExecutionFilter filter =
        WorkflowExecutionFilter.newBuilder().setWorkflowId(workflowId).build();
    List<WorkflowExecutionInfo> all = new ArrayList<>();
    all.addAll(
        service
            .listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setExecutionFilter(filter)
                    .build())
            .getExecutionsList());
    all.addAll(
        service
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder()
                    .setNamespace(namespace)
                    .setExecutionFilter(filter)
                    .build())
            .getExecutionsList());
    return all;
  }

  /** JSON types mean what they say, as the OpenAPI description promises: nothing is guessed. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"description\":false",
        "\"description\":12",
        "\"expiresInSeconds\":\"600\"",
        "\"expiresInSeconds\":\"\"",
        "\"expiresInSeconds\":\" \"",
        "\"expiresInSeconds\":1.5",
        "\"expiresInSeconds\":true"
      })
  void aFieldOfTheWrongJsonType_is400_andCreatesNothing(String field) {
    String orderId = uniqueId("typed");

    Reply reply = checkoutWith(orderId, field);

    assertProblem(reply, 400, "invalid-request");
    assertProblem(getOrder(orderId), 404, "order-not-found");
  }

  @Test
  void anIntegerWrittenAsAWholeDecimal_isThatInteger() {
    Reply reply = checkoutWith(uniqueId("whole"), "\"expiresInSeconds\":600.0");

    assertOk(reply, 201);
    assertThat(
            Duration.between(
                Instant.parse(reply.text("createdAt")), Instant.parse(reply.text("expiresAt"))))
        .isEqualTo(Duration.ofSeconds(600));
  }

  /** A checkout of 1.00 CNY with one more field, written as raw JSON. */
  private Reply checkoutWith(String orderId, String field) {
    return api(
        "POST",
        "/api/v1/orders",
        "{\"orderId\":\""
            + orderId
            + "\",\"customerId\":\"c\",\"amount\":\"1.00\",\"currency\":\"CNY\","
            + field
            + "}");
  }
}
