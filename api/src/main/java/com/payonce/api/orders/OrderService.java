package com.payonce.api.orders;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.ledger.LedgerOrders;
import com.payonce.activities.ledger.OrdersTable;
import com.payonce.activities.ledger.OrdersTable.NewOrder;
import com.payonce.activities.ledger.OrdersTable.RegisteredOrder;
import com.payonce.activities.ledger.OrdersTable.Registration;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.logging.LogContext;
import com.payonce.api.orders.OrderResponse.AttemptResponse;
import com.payonce.api.orders.OrderResponse.RefundResponse;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.api.ratelimit.RateLimits;
import com.payonce.api.ratelimit.RateLimits.Operation;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.CancelRequest;
import com.payonce.workflows.order.Checkout;
import com.payonce.workflows.order.OrderFailure;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.PayRequest;
import com.payonce.workflows.order.PaymentTimings;
import com.payonce.workflows.order.RefundRequest;
import com.payonce.workflows.order.RefundView;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The API's side of an order: guards checkout with the orders table and Temporal's workflow id, and
 * passes every change to the order's workflow, which alone decides.
 */
@Service
public class OrderService {
  private static final Logger log = LoggerFactory.getLogger(OrderService.class);

  private final WorkflowClient temporal;
  private final OrdersTable orders;
  private final LedgerOrders ledger;
  private final PaymentChannels channels;
  private final RateLimits rateLimits;
  private final LateRefunds lateRefunds;
  private final PayonceProperties.Orders settings;
  private final Clock clock = Clock.systemUTC();

  OrderService(
      WorkflowClient temporal,
      OrdersTable orders,
      LedgerOrders ledger,
      PaymentChannels channels,
      RateLimits rateLimits,
      LateRefunds lateRefunds,
      PayonceProperties properties) {
    this.temporal = temporal;
    this.orders = orders;
    this.ledger = ledger;
    this.channels = channels;
    this.rateLimits = rateLimits;
    this.lateRefunds = lateRefunds;
    this.settings = properties.orders();
  }

  /**
   * @param created true when this call created the order, false when it was there already
   */
  record CheckoutResult(boolean created, OrderView order) {}

  CheckoutResult checkout(CheckoutBody body) {
    NewOrder order = newOrder(body);
    rateLimits.take(Operation.CHECKOUT, order.customerId());
    try (LogContext ignored =
        LogContext.of(
            Map.of(
                LogContext.ORDER_ID, order.orderId(), LogContext.WORKFLOW_ID, order.orderId()))) {
      Registration registration = orders.register(order);
      RegisteredOrder registered = registration.order();
      if (!registration.inserted() && !registered.sameAs(order)) {
        throw new ApiProblem(
            Problem.ORDER_CONFLICT,
            "order " + body.orderId() + " exists with a different customer, amount or currency");
      }
      if (!registered.workflowStarted()) {
        start(registered);
      }
      if (!registration.inserted()) {
        return new CheckoutResult(false, view(registered.orderId()));
      }
      log.info("order {} checked out: {}", order.orderId(), order.amount());
      return new CheckoutResult(true, initialView(registered));
    }
  }

  private NewOrder newOrder(CheckoutBody body) {
    Money amount = positiveAmount(body.amount(), body.currency());
    long maxSeconds = settings.maxExpiry().toSeconds();
    BigDecimal seconds = body.expiresInSeconds();
    if (seconds != null && seconds.compareTo(BigDecimal.valueOf(maxSeconds)) > 0) {
      throw new ApiProblem(
          Problem.INVALID_REQUEST, "expiresInSeconds must be at most " + maxSeconds);
    }
    if (seconds != null && seconds.stripTrailingZeros().scale() > 0) {
      throw new ApiProblem(
          Problem.INVALID_REQUEST, "expiresInSeconds must be a whole number of seconds");
    }
    Duration expiry =
        body.expiresInSeconds() == null
            ? settings.defaultExpiry()
            : Duration.ofSeconds(body.expiresInSeconds().longValueExact());
    long now = clock.millis();
    return new NewOrder(
        body.orderId(),
        body.customerId(),
        amount,
        body.description(),
        now,
        now + expiry.toMillis());
  }

  /**
   * Starts the order's workflow from the registered row (never from the request, so a second
   * request cannot change the order). Temporal refuses a second workflow with the same id.
   */
  private void start(RegisteredOrder order) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(order.orderId())
            .setTaskQueue(OrderPaymentWorkflow.TASK_QUEUE)
            .setDisableEagerExecution(!settings.eagerStart())
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(OrderPaymentWorkflow.CUSTOMER_ID, order.customerId())
                    .set(OrderPaymentWorkflow.ORDER_STATUS, OrderStatus.AWAITING_PAYMENT.name())
                    .build())
            .build();
    OrderPaymentWorkflow workflow = temporal.newWorkflowStub(OrderPaymentWorkflow.class, options);
    try {
      WorkflowClient.start(
          workflow::run,
          Checkout.of(
              order.orderId(),
              order.customerId(),
              order.amount(),
              order.description(),
              order.createdAtMillis(),
              order.expiresAtMillis(),
              new PaymentTimings(
                  settings.pollInitial(), settings.pollMax(), settings.latePaymentWindow())));
    } catch (WorkflowExecutionAlreadyStarted e) {
      log.debug("workflow for order {} already started", order.orderId());
    }
    orders.markWorkflowStarted(order.orderId());
  }

  private static OrderView initialView(RegisteredOrder order) {
    return new OrderView(
        order.orderId(),
        order.customerId(),
        order.amount(),
        order.description(),
        OrderStatus.AWAITING_PAYMENT,
        order.createdAtMillis(),
        order.expiresAtMillis(),
        null,
        0,
        0,
        List.of(),
        List.of(),
        0);
  }

  /**
   * The workflow's answer; the ledger's when the workflow cannot answer (just started, or forgotten
   * after the namespace retention).
   */
  public OrderView view(String orderId) {
    RegisteredOrder order = existing(orderId);
    try {
      OrderView view = workflow(orderId).view();
      // a refund after the workflow ended is in the ledger only, under a newer revision
      if (view.paidAttemptId() != null && orders.revision(orderId) > view.revision()) {
        return ledger.find(orderId).orElse(view);
      }
      return view;
    } catch (WorkflowNotFoundException | WorkflowQueryException e) {
      log.debug("order {}: workflow did not answer the query, reading the ledger", orderId);
      return ledger.find(orderId).orElseGet(() -> initialView(order));
    }
  }

  AttemptResponse pay(String orderId, String channel) {
    RegisteredOrder order = existing(orderId);
    rateLimits.take(Operation.PAY, order.customerId());
    PaymentChannel paymentChannel =
        channels
            .find(channel)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        Problem.UNKNOWN_CHANNEL, "channel must be one of " + channels.names()));
    paymentChannel
        .cannotTake(order.amount())
        .ifPresent(
            why -> {
              throw new ApiProblem(Problem.UNSUPPORTED_BY_CHANNEL, why);
            });
    OrderPaymentWorkflow workflow = workflow(orderId);
    AttemptView attempt =
        openAttempt(workflow, channel).orElseGet(() -> workflow.pay(new PayRequest(channel)));
    return AttemptResponse.of(attempt, order.amount().currency());
  }

  /**
   * The attempt a pay on this channel would return unchanged, read with a query: Temporal counts
   * updates per run (2,000 by default), so a customer pressing pay again must not spend one. The
   * update would return this same attempt: the order is payable (the workflow's own check) and the
   * attempt open on this channel. Anything else (another channel, no open attempt, expired, paid, a
   * query the workflow cannot answer yet) goes to the update, which decides.
   */
  private Optional<AttemptView> openAttempt(OrderPaymentWorkflow workflow, String channel) {
    OrderView view;
    try {
      view = workflow.view();
    } catch (WorkflowQueryException e) {
      return Optional.empty();
    }
    if (view.status() != OrderStatus.AWAITING_PAYMENT || clock.millis() >= view.expiresAtMillis()) {
      return Optional.empty();
    }
    return view.attempts().stream()
        // no pay URL yet: its create is still running under the update that opened it
        .filter(a -> a.status() == AttemptStatus.OPEN && a.payUrl() != null)
        .filter(a -> a.channel().equals(channel))
        .findFirst();
  }

  /** A repeated cancel of a cancelled order is answered from a query: like pay, no update spent. */
  OrderView cancel(String orderId) {
    existing(orderId);
    OrderPaymentWorkflow workflow = workflow(orderId);
    try {
      OrderView view = workflow.view();
      if (view.status() == OrderStatus.CANCELLED) {
        return view;
      }
    } catch (WorkflowQueryException e) {
      log.debug("order {}: no query answer, cancelling through the update", orderId);
    }
    return workflow.cancel(new CancelRequest("cancelled through the API"));
  }

  RefundResponse refund(String orderId, RefundBody body) {
    RegisteredOrder order = existing(orderId);
    Money amount;
    try {
      // the body's pattern took care of sign and size: only the currency's decimals are left
      amount = Money.ofDecimal(body.amount(), order.amount().currency());
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(Problem.AMOUNT_TOO_PRECISE, e.getMessage());
    }
    RefundRequest request = new RefundRequest(body.refundId(), amount.minor(), body.reason());
    RefundView refund;
    try {
      refund = workflow(orderId).refund(request);
    } catch (WorkflowNotFoundException e) {
      refund = lateRefunds.refund(orderId, request);
    } catch (WorkflowUpdateException e) {
      if (!closed(e)) {
        throw e;
      }
      refund = lateRefunds.refund(orderId, request);
    }
    return RefundResponse.of(refund, amount.currency());
  }

  /**
   * The order's workflow refused the update because it is ending: it writes nothing more, so the
   * refund is a late one.
   */
  private static boolean closed(WorkflowUpdateException e) {
    String type = OrderFailure.ORDER_CLOSED.name();
    return e.getCause() instanceof ApplicationFailure failure
        && (type.equals(failure.getType())
            || String.valueOf(failure.getOriginalMessage()).startsWith(type + ": "));
  }

  private static Money positiveAmount(String decimal, String currency) {
    Money amount;
    try {
      amount = Money.ofDecimal(decimal, currency);
    } catch (IllegalArgumentException e) {
      throw new ApiProblem(Problem.INVALID_REQUEST, e.getMessage());
    }
    if (amount.minor() <= 0) {
      throw new ApiProblem(Problem.INVALID_REQUEST, "amount must be greater than zero");
    }
    if (amount.aboveMaximum()) {
      throw new ApiProblem(
          Problem.INVALID_REQUEST,
          "amount is above the maximum of " + Money.MAX_MAJOR + " " + currency + ": " + decimal);
    }
    return amount;
  }

  private RegisteredOrder existing(String orderId) {
    return orders
        .find(orderId)
        .orElseThrow(() -> new ApiProblem(Problem.ORDER_NOT_FOUND, "no order " + orderId));
  }

  private OrderPaymentWorkflow workflow(String orderId) {
    return temporal.newWorkflowStub(OrderPaymentWorkflow.class, orderId);
  }
}
