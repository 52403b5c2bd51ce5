package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.ledger.OrdersTable;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.CancelRequest;
import com.payonce.workflows.order.ChannelEvent;
import com.payonce.workflows.order.Checkout;
import com.payonce.workflows.order.OrderFailure;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.PayRequest;
import com.payonce.workflows.order.RefundRequest;
import com.payonce.workflows.order.RefundView;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The caps on attempts and pay calls, as the API answers them: real HTTP, a real Temporal update
 * refused by its validator with the workflow's failure type. The order's workflow here is a
 * stand-in that has reached its caps (on a task queue of its own), since reaching them for real
 * takes thousands of calls: what is under test is the API's mapping of the refusal.
 */
class OrderCapsApiTest extends ApiTestSupport {
  private static final String QUEUE = "order-caps-test";

  @Autowired private OrdersTable orders;

  @Test
  void theCapsAnswerTheirOwnProblemTypes() {
    String orderId = uniqueId("capped");
    long now = System.currentTimeMillis();
    orders.register(
        new OrdersTable.NewOrder(
            orderId, "customer-1", Money.ofDecimal("10.00", "CNY"), null, now, now + 3_600_000));
    orders.markWorkflowStarted(orderId);
    WorkerFactory workers = WorkerFactory.newInstance(temporal);
    workers.newWorker(QUEUE).registerWorkflowImplementationTypes(CappedOrder.class);
    workers.start();
    try {
      OrderPaymentWorkflow order =
          temporal.newWorkflowStub(
              OrderPaymentWorkflow.class,
              WorkflowOptions.newBuilder().setWorkflowId(orderId).setTaskQueue(QUEUE).build());
      WorkflowClient.start(order::run, (Checkout) null);

      Reply payLimit = pay(orderId, "alipay");
      assertProblem(payLimit, 429, "pay-limit-reached");
      assertThat(payLimit.header("Retry-After")).as("the cap is for good").isNull();
      assertThat(payLimit.text("detail")).isEqualTo("no more pay calls on this order");

      Reply attemptLimit = pay(orderId, "wechat");
      assertProblem(attemptLimit, 409, "attempt-limit-reached");
      assertThat(attemptLimit.header("Retry-After")).isNull();
    } finally {
      temporal.newUntypedWorkflowStub(orderId).terminate("test over");
      workers.shutdownNow();
    }
  }

  /** An order that has used up its pay calls on alipay and its attempts on wechat. */
  public static class CappedOrder implements OrderPaymentWorkflow {
    @Override
    public OrderView run(Checkout checkout) {
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public void validatePay(PayRequest request) {
      throw request.channel().equals("alipay")
          ? OrderFailure.PAY_LIMIT_REACHED.failure("no more pay calls on this order")
          : OrderFailure.ATTEMPT_LIMIT_REACHED.failure("no more attempts on this order");
    }

    @Override
    public OrderView view() {
      return new OrderView(
          Workflow.getInfo().getWorkflowId(),
          "customer-1",
          Money.ofDecimal("10.00", "CNY"),
          null,
          OrderStatus.AWAITING_PAYMENT,
          0,
          Long.MAX_VALUE,
          null,
          0,
          0,
          List.of(),
          List.of(),
          0);
    }

    @Override
    public AttemptView pay(PayRequest request) {
      throw new UnsupportedOperationException("refused by the validator");
    }

    @Override
    public OrderView cancel(CancelRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void validateCancel(CancelRequest request) {}

    @Override
    public RefundView refund(RefundRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void validateRefund(RefundRequest request) {}

    @Override
    public void channelEvent(ChannelEvent event) {}
  }
}
