package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.Checkout;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import com.payonce.workflows.order.OrderPaymentWorkflowImpl;
import com.payonce.workflows.order.PaymentTimings;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Orders whose workflows have finished on a real Temporal server (late-payment window 20 s): a
 * second run of the same order id is refused by the orders table and by Temporal itself, and their
 * real-server histories replay with the current workflow code.
 *
 * <p>With {@code -Dpayonce.recordHistories=true} the histories are also written to
 * workflows/src/test/resources/histories/OrderPayment_*_realServer_*.json, which
 * OrderPaymentReplayTest replays on every build.
 */
@EnabledIfSystemProperty(named = "payonce.systemTests", matches = "true")
class FinishedOrderSystemTest {

  @RegisterExtension static final Topology topology = new Topology();

  private static Orders orders;
  private static String customerId;
  private static String happyId;
  private static String happyKept;
  private static String duplicateId;
  private static String duplicateRefunded;

  @BeforeAll
  static void twoOrdersRunToTheEnd() throws Exception {
    orders = new Orders(topology);

    // the happy path: alipay, paid, kept
    customerId = Orders.newId("c");
    happyId = Orders.newId("st-done-happy");
    orders.checkout(happyId, customerId, "19.99").expect(201);
    JsonNode happy = orders.pay(happyId, "alipay");
    orders.customerPays(happy);
    happyKept = orders.awaitPaidExactlyOnce(happyId, 1999, Duration.ofSeconds(60)).keptAttemptId();

    // a switch and a duplicate: alipay, then wechat (the alipay close is not honored); wechat paid
    // and kept, then the old alipay tab paid too: refunded automatically
    orders.channelSettings("alipay", "{\"closeHonored\":false}");
    orders.channelSettings("wechat", "{\"closeHonored\":false}");
    try {
      duplicateId = Orders.newId("st-done-dup");
      orders.checkout(duplicateId, customerId, "88.00").expect(201);
      JsonNode alipay = orders.pay(duplicateId, "alipay");
      JsonNode wechat = orders.pay(duplicateId, "wechat");
      orders.customerPays(wechat);
      assertThat(
              orders
                  .awaitPaidExactlyOnce(duplicateId, 8800, Duration.ofSeconds(60))
                  .keptAttemptId())
          .isEqualTo(wechat.path("attemptId").asText());
      orders.customerPays(alipay);
      duplicateRefunded = alipay.path("attemptId").asText();
      Await.untilAsserted(
          "the duplicate alipay payment of " + duplicateId + " refunded by its workflow",
          Duration.ofSeconds(60),
          () ->
              assertThat(orders.order(duplicateId).path("refunds"))
                  .anySatisfy(
                      r -> {
                        assertThat(r.path("refundId").asText())
                            .isEqualTo("auto-" + duplicateRefunded);
                        assertThat(r.path("status").asText()).isEqualTo("SUCCEEDED");
                      }));
      Orders.Settled duplicate =
          orders.awaitPaidExactlyOnce(duplicateId, 8800, Duration.ofSeconds(60));
      assertThat(duplicate.channels().get(duplicateRefunded))
          .isEqualTo(new Orders.Books(8800, 8800));
    } finally {
      orders.resetChannels();
    }

    // both workflows end after the late-payment window
    for (String orderId : List.of(happyId, duplicateId)) {
      Await.until(
          "the workflow of " + orderId + " completed",
          Topology.LATE_PAYMENT_WINDOW.plusSeconds(60),
          () -> topology.client().newUntypedWorkflowStub(orderId).describe().getStatus(),
          status -> status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    }
  }

  @Test
  void aNewCheckoutOfAFinishedOrderIsAnsweredWithTheExistingOrder() {
    Http.Response again = orders.checkout(happyId, customerId, "19.99");

    assertThat(again.status()).as("repeated checkout: %s", again.body()).isEqualTo(200);
    assertThat(again.json().path("orderId").asText()).isEqualTo(happyId);
    assertThat(again.json().path("status").asText()).isEqualTo("PAID");
    assertThat(again.json().path("paidAttemptId").asText()).isEqualTo(happyKept);

    Http.Response other = orders.checkout(happyId, customerId, "1.00");
    assertThat(other.status()).as("same id, other amount: %s", other.body()).isEqualTo(409);
    assertThat(other.json().path("type").asText()).isEqualTo("urn:payonce:problem:order-conflict");

    assertThat(runs(happyId))
        .as("no second workflow run for " + happyId)
        .singleElement()
        .extracting(WorkflowExecutionMetadata::getStatus)
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
  }

  @Test
  void temporalRefusesASecondRunOfAFinishedOrderId() {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(happyId)
            .setTaskQueue(OrderPaymentWorkflow.TASK_QUEUE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .build();
    OrderPaymentWorkflow second =
        topology.client().newWorkflowStub(OrderPaymentWorkflow.class, options);
    long now = System.currentTimeMillis();
    Checkout checkout =
        Checkout.of(
            happyId,
            customerId,
            new Money(1999, "CNY"),
            "a second run",
            now,
            now + Duration.ofMinutes(15).toMillis(),
            PaymentTimings.defaults());
    try {
      assertThatThrownBy(() -> WorkflowClient.start(second::run, checkout))
          .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
    } finally {
      // had it started anyway, it must not stay around waiting for a payment (without a run id
      // the stub targets the latest run, which is the running one)
      if (runs(happyId).stream()
          .anyMatch(
              run ->
                  run.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)) {
        topology
            .client()
            .newUntypedWorkflowStub(happyId)
            .terminate("system test: a second run must not exist");
      }
    }
    assertThat(runs(happyId)).hasSize(1);
  }

  @Test
  void realServerHistoriesReplayWithTheCurrentCode() throws Exception {
    Map<String, String> histories =
        Map.of("happyPath", happyId, "switchDuplicateRefund", duplicateId);
    boolean record = Boolean.getBoolean("payonce.recordHistories");
    Path dir =
        Path.of(
            System.getProperty(
                "payonce.historiesDir", "../workflows/src/test/resources/histories"));
    for (Map.Entry<String, String> entry : histories.entrySet()) {
      WorkflowExecutionHistory history = topology.client().fetchHistory(entry.getValue());
      assertThat(history.getLastEvent().getEventType())
          .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      String json = history.toJson(true);

      // the same path OrderPaymentReplayTest takes: from the JSON text
      WorkflowReplayer.replayWorkflowExecution(json, OrderPaymentWorkflowImpl.class);

      if (record) {
        Path file = dir.resolve("OrderPayment_v1_realServer_" + entry.getKey() + ".json");
        Files.createDirectories(dir);
        Files.writeString(file, json);
        System.out.printf(
            "[system-test] recorded %s (%d events)%n",
            file.toAbsolutePath().normalize(), history.getEvents().size());
      }
    }
    // what makes the second history worth keeping: a switch (two pay updates) and the automatic
    // refund of the capture the order did not keep
    WorkflowExecutionHistory duplicate = topology.client().fetchHistory(duplicateId);
    assertThat(
            duplicate.getEvents().stream()
                .filter(
                    e ->
                        e.getEventType()
                            == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED))
        .as("pay updates")
        .hasSize(2);
    assertThat(
            duplicate.getEvents().stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .map(e -> e.getActivityTaskScheduledEventAttributes())
                .filter(a -> a.getActivityType().getName().equals("RefundPayment"))
                .map(a -> a.getInput().getPayloads(0).getData().toStringUtf8()))
        .as("the automatic refund in the history")
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("\"refundNo\":\"auto-" + duplicateRefunded + "\"");
  }

  private static List<WorkflowExecutionMetadata> runs(String workflowId) {
    return topology.client().listExecutions("WorkflowId = '" + workflowId + "'").toList();
  }
}
