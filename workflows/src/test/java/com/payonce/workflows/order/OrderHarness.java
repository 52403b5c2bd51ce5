package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderPaymentWorkflow.CUSTOMER_ID;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static com.payonce.workflows.order.OrderPaymentWorkflow.PAYMENT_CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.ledger.LedgerActivities;
import com.payonce.workflows.ledger.OrderSnapshot;
import com.payonce.workflows.money.Money;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.mockito.ArgumentCaptor;

/**
 * One order workflow worker on a time-skipping test server, with a {@link FakeChannel} and a mocked
 * ledger, plus the client-side moves a test makes (start, pay, webhook, wait) and what it reads.
 */
final class OrderHarness {
  static final Money AMOUNT = new Money(1000, "CNY");
  static final Duration TIME_TO_PAY = Duration.ofMinutes(30);
  static final PaymentTimings TIMINGS =
      new PaymentTimings(Duration.ofSeconds(15), Duration.ofMinutes(2), Duration.ofHours(1));
  static final Instant START = Instant.parse("2025-06-01T08:00:00Z");

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final FakeChannel channel = new FakeChannel();
  final LedgerActivities ledger = mock(LedgerActivities.class, withSettings().withoutAnnotations());
  final Worker worker;
  private final List<String> started = new ArrayList<>();

  /** The extension every order test uses: the workflow upserts these search attributes. */
  static TestWorkflowExtension extension() {
    return TestWorkflowExtension.newBuilder()
        .setDoNotStart(true) // activities are per test: registered by the harness, then started
        .setInitialTime(START)
        .registerSearchAttribute(
            ORDER_STATUS.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(
            PAYMENT_CHANNEL.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .registerSearchAttribute(CUSTOMER_ID.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
        .build();
  }

  OrderHarness(TestWorkflowEnvironment env) {
    this.env = env;
    this.client = env.getWorkflowClient();
    worker = env.newWorker(OrderPaymentWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(OrderPaymentWorkflowImpl.class);
    worker.registerActivitiesImplementations(channel, ledger);
    env.start();
  }

  Checkout checkout(String orderId) {
    long now = env.currentTimeMillis();
    return Checkout.of(
        orderId, "customer-7", AMOUNT, "2 coffees", now, now + TIME_TO_PAY.toMillis(), TIMINGS);
  }

  /** Starts the order the way the API does: id = order id, customer and status searchable. */
  OrderPaymentWorkflow start(String orderId) {
    return start(checkout(orderId));
  }

  OrderPaymentWorkflow start(Checkout checkout) {
    OrderPaymentWorkflow order = stub(checkout);
    WorkflowClient.start(order::run, checkout);
    return order;
  }

  /** A stub for the order, not started yet. */
  OrderPaymentWorkflow stub(Checkout checkout) {
    started.add(checkout.orderId());
    return client.newWorkflowStub(
        OrderPaymentWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(checkout.orderId())
            .setTaskQueue(OrderPaymentWorkflow.TASK_QUEUE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(CUSTOMER_ID, checkout.customerId())
                    .set(ORDER_STATUS, OrderStatus.AWAITING_PAYMENT.name())
                    .build())
            .build());
  }

  /**
   * Replays the history of every order the test started with the workflow code: what a worker does
   * after a restart or a cache eviction, so a non-deterministic path fails the test.
   */
  void assertHistoriesReplay() throws Exception {
    for (String orderId : started) {
      WorkflowReplayer.replayWorkflowExecution(
          client.fetchHistory(orderId), OrderPaymentWorkflowImpl.class);
    }
  }

  /**
   * Lets the workflow finish what it is doing: the test server does not move time while a task is
   * outstanding, so this returns once the workflow is idle (and a second of its time has passed).
   */
  void settle() {
    env.sleep(Duration.ofSeconds(1));
  }

  /** Moves the test server's clock to the given time (if it is not there yet). */
  void sleepUntil(long epochMillis) {
    long left = epochMillis - env.currentTimeMillis();
    if (left > 0) {
      env.sleep(Duration.ofMillis(left));
    }
  }

  /** The attempts of a customer who opened alipay, then switched to wechat. */
  record Tabs(String alipay, String wechat) {}

  /**
   * The customer opens alipay, then switches to wechat, and alipay's close is not honored: both
   * tabs can still be paid, how duplicate payments happen.
   */
  Tabs openTwoTabs(OrderPaymentWorkflow order) {
    String alipay = order.pay(new PayRequest("alipay")).attemptId();
    channel.stopHonoringCloses();
    String wechat = order.pay(new PayRequest("wechat")).attemptId();
    return new Tabs(alipay, wechat);
  }

  /** Pays the order at alipay (webhook confirmed); returns the kept attempt. */
  String paid(OrderPaymentWorkflow order) {
    String attemptId = order.pay(new PayRequest("alipay")).attemptId();
    paidWithWebhook(order, attemptId);
    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    return attemptId;
  }

  /**
   * The channel's webhook says the attempt was paid, with the channel's query answer payonce's
   * webhook endpoint asked for at {@code askedAtMillis} (version settle-in-one-task).
   */
  void webhookPaidWithAnswer(
      OrderPaymentWorkflow order, String attemptId, ChannelPayment answer, long askedAtMillis) {
    order.channelEvent(
        new ChannelEvent(
            attemptId,
            "evt-pay-" + attemptId,
            ChannelEvent.Type.PAYMENT,
            channel.channelOf(attemptId),
            new ChannelAnswer(answer, askedAtMillis)));
    settle();
  }

  /**
   * The channel's webhook says the attempt was paid; the workflow must check before it believes.
   */
  void webhookPaid(OrderPaymentWorkflow order, String attemptId) {
    order.channelEvent(
        new ChannelEvent(
            attemptId,
            "evt-pay-" + attemptId,
            ChannelEvent.Type.PAYMENT,
            channel.channelOf(attemptId)));
    settle();
  }

  /** The channel's webhook says a refund of the attempt finished; the workflow checks it. */
  void webhookRefunded(OrderPaymentWorkflow order, String attemptId, String eventId) {
    order.channelEvent(
        new ChannelEvent(
            attemptId, eventId, ChannelEvent.Type.REFUND, channel.channelOf(attemptId)));
    settle();
  }

  /** The customer pays the attempt and the channel's webhook comes. */
  void paidWithWebhook(OrderPaymentWorkflow order, String attemptId) {
    channel.customerPays(attemptId);
    webhookPaid(order, attemptId);
  }

  /** Waits out the late-payment window: the workflow completes and returns the order. */
  static OrderView result(OrderPaymentWorkflow order) {
    return WorkflowStub.fromTyped(order).getResult(OrderView.class);
  }

  static SearchAttributes searchAttributes(OrderPaymentWorkflow order) {
    return WorkflowStub.fromTyped(order).describe().getTypedSearchAttributes();
  }

  /** Every snapshot written to the ledger, oldest first. */
  List<OrderView> snapshots() {
    ArgumentCaptor<OrderSnapshot> written = ArgumentCaptor.forClass(OrderSnapshot.class);
    verify(ledger, atLeastOnce()).recordOrder(written.capture());
    return written.getAllValues().stream().map(OrderSnapshot::order).toList();
  }

  /**
   * The ledger's copy of the order: the snapshots applied in order as the ledger applies them (each
   * carries the order's fields and the attempts and refunds that changed), revisions growing.
   */
  OrderView ledgerView() {
    List<OrderView> all = snapshots();
    Map<String, AttemptView> attempts = new LinkedHashMap<>();
    Map<String, RefundView> refunds = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) {
        assertThat(all.get(i).revision())
            .as("ledger revisions grow")
            .isGreaterThan(all.get(i - 1).revision());
      }
      all.get(i).attempts().forEach(a -> attempts.put(a.attemptId(), a));
      all.get(i).refunds().forEach(r -> refunds.put(r.kind() + ":" + r.refundId(), r));
    }
    OrderView last = all.get(all.size() - 1);
    return new OrderView(
        last.orderId(),
        last.customerId(),
        last.amount(),
        last.description(),
        last.status(),
        last.createdAtMillis(),
        last.expiresAtMillis(),
        last.paidAttemptId(),
        last.capturedMinor(),
        last.refundedMinor(),
        List.copyOf(attempts.values()),
        List.copyOf(refunds.values()),
        last.revision());
  }

  static AttemptView attempt(OrderView view, String attemptId) {
    return view.attempts().stream()
        .filter(a -> a.attemptId().equals(attemptId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no attempt " + attemptId + " in " + view));
  }

  static RefundView refund(OrderView view, String refundId) {
    return view.refunds().stream()
        .filter(r -> r.refundId().equals(refundId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no refund " + refundId + " in " + view));
  }

  /** The number the channel knows the shop's refund by (the workflow makes it). */
  static String refundNo(OrderPaymentWorkflow order, String refundId) {
    return order.view().refunds().stream()
        .filter(r -> r.kind() == RefundKind.REQUESTED && r.refundId().equals(refundId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no refund " + refundId))
        .refundNo();
  }

  /**
   * The update fails with this business failure, as the API reads it: the failure type, and the
   * "TYPE: " prefix of the message (which the API reads first).
   */
  static ApplicationFailure assertUpdateFails(ThrowingCallable update, OrderFailure expected) {
    ApplicationFailure[] failure = new ApplicationFailure[1];
    assertThatThrownBy(update)
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              // The message prefix carries the type: SDK 1.38.0 replaces the type of a
              // validator's rejection (sdk-java #3001); a handler's failure keeps it.
              assertThat(f.getOriginalMessage()).startsWith(expected.name() + ": ");
              failure[0] = f;
            });
    return failure[0];
  }
}
