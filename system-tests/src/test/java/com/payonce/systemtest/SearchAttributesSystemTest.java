package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import io.temporal.client.WorkflowExecutionMetadata;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * payonce's search attributes on a real Temporal server (the dev server's SQLite visibility store,
 * not the SDK's test server): an order paid through the API is found by OrderStatus, CustomerId and
 * PaymentChannel, through the SDK and through the CLI docs/OPERATIONS.md documents.
 */
@EnabledIfSystemProperty(named = "payonce.systemTests", matches = "true")
class SearchAttributesSystemTest {

  @RegisterExtension static final Topology topology = new Topology();

  private final Orders orders = new Orders(topology);

  @Test
  void aPaidOrderIsFoundByItsSearchAttributes() {
    String orderId = Orders.newId("st-search");
    String customerId = Orders.newId("c");
    orders.checkout(orderId, customerId, "42.00").expect(201);

    List<WorkflowExecutionMetadata> awaiting =
        visible("OrderStatus = 'AWAITING_PAYMENT' AND WorkflowId = '" + orderId + "'", 1);
    assertThat(awaiting.get(0).getWorkflowType()).isEqualTo(OrderPaymentWorkflow.WORKFLOW_TYPE);

    JsonNode attempt = orders.pay(orderId, "wechat");
    orders.customerPays(attempt);
    orders.awaitPaidExactlyOnce(orderId, 4200, Duration.ofSeconds(60));

    WorkflowExecutionMetadata paid =
        visible("OrderStatus = 'PAID' AND WorkflowId = '" + orderId + "'", 1).get(0);
    assertThat(paid.getExecution().getWorkflowId()).isEqualTo(orderId);
    assertThat(paid.getTypedSearchAttributes().get(OrderPaymentWorkflow.ORDER_STATUS))
        .isEqualTo("PAID");
    assertThat(paid.getTypedSearchAttributes().get(OrderPaymentWorkflow.CUSTOMER_ID))
        .isEqualTo(customerId);
    assertThat(paid.getTypedSearchAttributes().get(OrderPaymentWorkflow.PAYMENT_CHANNEL))
        .isEqualTo("wechat");

    assertThat(visible("CustomerId = '" + customerId + "' AND PaymentChannel = 'wechat'", 1))
        .extracting(m -> m.getExecution().getWorkflowId())
        .containsExactly(orderId);
    assertThat(
            topology
                .client()
                .listExecutions("CustomerId = '" + customerId + "' AND PaymentChannel = 'alipay'"))
        .isEmpty();
    assertThat(
            topology
                .client()
                .listExecutions(
                    "OrderStatus = 'AWAITING_PAYMENT' AND WorkflowId = '" + orderId + "'"))
        .as("no stale status left in visibility")
        .isEmpty();

    // the same through the CLI, as docs/OPERATIONS.md shows it
    Topology.CliResult cli =
        topology.cli(
            Duration.ofSeconds(30),
            "workflow",
            "list",
            "--address",
            topology.temporalAddress(),
            "--query",
            "OrderStatus=\"PAID\" AND CustomerId=\"" + customerId + "\"",
            "--output",
            "json");
    assertThat(cli.exitCode()).as("temporal workflow list: %s", cli.output()).isZero();
    assertThat(cli.output()).contains("\"workflowId\": \"" + orderId + "\"");
  }

  /** Visibility is eventually consistent: polls until exactly {@code count} executions match. */
  private static List<WorkflowExecutionMetadata> visible(String query, int count) {
    return Await.until(
        "visibility query " + query + " finds " + count,
        Duration.ofSeconds(30),
        () -> topology.client().listExecutions(query).toList(),
        found -> found.size() == count);
  }
}
