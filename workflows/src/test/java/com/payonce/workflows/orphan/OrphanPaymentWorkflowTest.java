package com.payonce.workflows.orphan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import com.payonce.workflows.ledger.AttemptOwner;
import com.payonce.workflows.ledger.LedgerActivities;
import com.payonce.workflows.ledger.OrphanRefund;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.order.ChannelEvent;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/** A payment no running order can take: given back once, unless its order keeps it. */
class OrphanPaymentWorkflowTest {

  private static final String ATTEMPT = "a1b2c3";
  private static final PaymentRef REF = new PaymentRef("alipay", ATTEMPT);
  private static final Money PAID = new Money(1000, "CNY");

  /** v1: {@code orphan-raises-operator-item}, and an operator's retry rounds. */
  private static final String VERSION = "v1";

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .setWorkflowTypes(OrphanPaymentWorkflowImpl.class, StandInOrder.Impl.class)
          .setDoNotStart(true)
          .build();

  private final ChannelActivities channel =
      mock(ChannelActivities.class, withSettings().withoutAnnotations());
  private final LedgerActivities ledger =
      mock(LedgerActivities.class, withSettings().withoutAnnotations());
  private WorkflowClient client;
  private String taskQueue;
  private OrphanPaymentWorkflow orphan;

  @BeforeEach
  void setUp(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    worker.registerActivitiesImplementations(channel, ledger);
    env.registerSearchAttribute(
        OperatorReason.NEEDS_ATTENTION.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.start();
    this.client = client;
    this.taskQueue = options.getTaskQueue();
    orphan = newOrphan();
  }

  /**
   * With {@code -Dpayonce.recordHistories=true}, writes this run's history for {@link
   * OrphanPaymentReplayTest} (as RecordHistoriesTest does for orders): do it after a versioned
   * change of the orphan workflow, and commit the file.
   */
  private void recordIfAsked(String name) {
    if (!Boolean.getBoolean("payonce.recordHistories")) {
      return;
    }
    try {
      java.nio.file.Files.writeString(
          OrphanPaymentReplayTest.DIR.resolve("OrphanPayment_" + VERSION + "_" + name + ".json"),
          client.fetchHistory(OrphanPaymentWorkflow.workflowId("alipay", ATTEMPT)).toJson(true));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A stub started as WebhookDelivery starts it, on the test worker's task queue. */
  private OrphanPaymentWorkflow newOrphan() {
    return client.newWorkflowStub(
        OrphanPaymentWorkflow.class,
        WorkflowOptions.newBuilder(OrphanPaymentWorkflow.options("alipay", ATTEMPT))
            .setTaskQueue(taskQueue)
            .build());
  }

  @Test
  void theAttemptItsOrderKeeps_isLeftAlone() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner("order-1", true));

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.KEPT_BY_ORDER);

    verifyNoInteractions(channel);
    verify(ledger, never()).recordOrphanRefund(any());
  }

  @Test
  void anAsynchronousRefund_isWaitedFor_andSentAgainIfTheChannelLosesIt() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, 0));
    when(channel.refundPayment(any()))
        .thenReturn(ChannelRefundStatus.PROCESSING, ChannelRefundStatus.PROCESSING);
    RefundRef ref = new RefundRef("alipay", ATTEMPT, "auto-" + ATTEMPT);
    when(channel.queryRefund(ref))
        .thenReturn(ChannelRefundStatus.NOT_FOUND, ChannelRefundStatus.SUCCEEDED);

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.REFUNDED);

    verify(channel, times(2)).refundPayment(any());
    verify(channel, times(2)).queryRefund(ref);
    verify(ledger).recordOrphanRefund(any());
  }

  @Test
  void aRefundTheChannelFails_isReportedForAnOperator_notRecordedAsDone() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, 0));
    when(channel.refundPayment(any())).thenReturn(ChannelRefundStatus.PROCESSING);
    when(channel.queryRefund(any())).thenReturn(ChannelRefundStatus.FAILED);

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.REFUND_FAILED);

    verify(ledger, never()).recordOrphanRefund(any());
    ArgumentCaptor<NewOperatorItem> item = ArgumentCaptor.forClass(NewOperatorItem.class);
    verify(ledger).raiseOperatorItem(item.capture());
    assertThat(item.getValue().reason()).isEqualTo(OperatorReason.REFUND_FAILED);
    assertThat(item.getValue().itemKey()).isEqualTo("refund-failed/alipay/" + ATTEMPT);
    assertThat(item.getValue().detail()).contains("10.00 CNY");
    assertThat(
            client
                .fetchHistory(OrphanPaymentWorkflow.workflowId("alipay", ATTEMPT))
                .getEvents()
                .stream()
                .anyMatch(e -> e.hasUpsertWorkflowSearchAttributesEventAttributes()))
        .isTrue();
    recordIfAsked("refusedRefundRaisesAnItem");
  }

  /** The review's: the running order already gave up on this refund and would not send it. */
  @Test
  void anOperatorsRetryWhileTheOrderRuns_refundsItselfRatherThanHandingItToTheOrder() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner("order-1", false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, 0));

    assertThat(orphan.settle(new OrphanPayment("alipay", ATTEMPT, "operator-retry", 1)))
        .isEqualTo(OrphanOutcome.REFUNDED);

    ArgumentCaptor<RefundPayment> refund = ArgumentCaptor.forClass(RefundPayment.class);
    verify(channel).refundPayment(refund.capture());
    assertThat(refund.getValue().refundNo()).isEqualTo("auto-" + ATTEMPT + "-1");
    recordIfAsked("operatorRetryWhileTheOrderRuns");
  }

  /** A retry that finds nothing left to give back ends its item too. */
  @Test
  void anOperatorsRetryOfAPaymentAlreadyGivenBackResolvesItsItem() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, PAID.minor()));

    assertThat(orphan.settle(new OrphanPayment("alipay", ATTEMPT, "operator-retry", 1)))
        .isEqualTo(OrphanOutcome.ALREADY_REFUNDED);

    verify(ledger)
        .endOperatorRetry(
            "refund-failed/alipay/" + ATTEMPT, true, "the retry ended ALREADY_REFUNDED");
  }

  @Test
  void anOperatorsRetry_refundsUnderANumberTheChannelHasNotRefused() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, 0));

    assertThat(orphan.settle(new OrphanPayment("alipay", ATTEMPT, "operator-retry", 2)))
        .isEqualTo(OrphanOutcome.REFUNDED);

    ArgumentCaptor<RefundPayment> refund = ArgumentCaptor.forClass(RefundPayment.class);
    verify(channel).refundPayment(refund.capture());
    assertThat(refund.getValue().refundNo()).isEqualTo("auto-" + ATTEMPT + "-2");
    verify(ledger)
        .endOperatorRetry("refund-failed/alipay/" + ATTEMPT, true, "the retry ended REFUNDED");
  }

  @Test
  void aPaidAttemptPayonceNeverKnew_isRefundedInFull() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, 0));

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.REFUNDED);

    ArgumentCaptor<RefundPayment> refund = ArgumentCaptor.forClass(RefundPayment.class);
    verify(channel).refundPayment(refund.capture());
    assertThat(refund.getValue().channel()).isEqualTo("alipay");
    assertThat(refund.getValue().attemptId()).isEqualTo(ATTEMPT);
    assertThat(refund.getValue().refundNo()).isEqualTo("auto-" + ATTEMPT);
    assertThat(refund.getValue().amount()).isEqualTo(PAID);
    assertThat(refund.getValue().reason()).contains("no order");
    ArgumentCaptor<OrphanRefund> written = ArgumentCaptor.forClass(OrphanRefund.class);
    verify(ledger).recordOrphanRefund(written.capture());
    assertThat(written.getValue())
        .isEqualTo(
            new OrphanRefund(
                "alipay", ATTEMPT, null, "auto-" + ATTEMPT, PAID, refund.getValue().reason()));
  }

  @Test
  void aLatePaymentOfAFinishedOrder_isRefundedForWhatIsLeft() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner("order-1", false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, 400));

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.REFUNDED);

    ArgumentCaptor<RefundPayment> refund = ArgumentCaptor.forClass(RefundPayment.class);
    verify(channel).refundPayment(refund.capture());
    assertThat(refund.getValue().refundNo()).isEqualTo("auto-" + ATTEMPT);
    assertThat(refund.getValue().amount()).isEqualTo(PAID.withMinor(600));
    assertThat(refund.getValue().reason()).contains("order-1");
    ArgumentCaptor<OrphanRefund> written = ArgumentCaptor.forClass(OrphanRefund.class);
    verify(ledger).recordOrphanRefund(written.capture());
    assertThat(written.getValue().orderId()).isEqualTo("order-1");
    assertThat(written.getValue().amount()).isEqualTo(PAID.withMinor(600));
  }

  @Test
  void aPaymentAlreadyRefunded_isNotRefundedAgain() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner("order-1", false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.PAID, PAID, PAID.minor()));

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.ALREADY_REFUNDED);

    verify(channel, never()).refundPayment(any());
    verify(ledger, never()).recordOrphanRefund(any());
  }

  @Test
  void aPaymentTheChannelsQueryDoesNotShowYet_isAskedForAgain_andRefunded() {
    // the signed PAYMENT_SUCCEEDED came, but the channel's query lags behind it (queryLagMs)
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner("order-1", false));
    when(channel.queryPayment(REF))
        .thenReturn(
            new ChannelPayment(ChannelPayment.Status.WAIT_PAY, new Money(0, "CNY"), 0),
            new ChannelPayment(ChannelPayment.Status.WAIT_PAY, new Money(0, "CNY"), 0),
            new ChannelPayment(ChannelPayment.Status.PAID, PAID, 0));

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.REFUNDED);

    verify(channel, times(3)).queryPayment(REF);
    verify(channel).refundPayment(any());
    verify(ledger).recordOrphanRefund(any());
  }

  @Test
  void aClosedOrder_isNotAskedForAgain() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.CLOSED, new Money(0, "CNY"), 0));

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.NOT_PAID);

    verify(channel, times(1)).queryPayment(any());
    verify(channel, never()).refundPayment(any());
  }

  @Test
  void anAttemptTheChannelDoesNotSayIsPaid_isNotPaid() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    when(channel.queryPayment(REF))
        .thenReturn(new ChannelPayment(ChannelPayment.Status.WAIT_PAY, new Money(0, "CNY"), 0));

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.NOT_PAID);

    verify(channel, never()).refundPayment(any());
    verify(ledger, never()).recordOrphanRefund(any());
  }

  @Test
  void aRunAfterOneThatEndedNotPaid_refundsWhatTheChannelShowsNow() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    AtomicBoolean queryCaughtUp = new AtomicBoolean();
    when(channel.queryPayment(REF)).thenAnswer(i -> queryCaughtUp.get() ? paid() : waitPay());

    // the channel's query lagged past the orphan's whole window
    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.NOT_PAID);
    queryCaughtUp.set(true);

    assertThat(newOrphan().settle(new OrphanPayment("alipay", ATTEMPT, "evt-2")))
        .isEqualTo(OrphanOutcome.REFUNDED);
    verify(channel).refundPayment(any());
    verify(ledger).recordOrphanRefund(any());
  }

  @Test
  void aStartWhileARunIsOpen_joinsIt() {
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner(null, false));
    AtomicBoolean queryCaughtUp = new AtomicBoolean();
    when(channel.queryPayment(REF)).thenAnswer(i -> queryCaughtUp.get() ? paid() : waitPay());

    WorkflowExecution first = WorkflowClient.start(orphan::settle, payment());
    WorkflowExecution second =
        WorkflowClient.start(newOrphan()::settle, new OrphanPayment("alipay", ATTEMPT, "evt-2"));
    queryCaughtUp.set(true);

    assertThat(second.getRunId()).isEqualTo(first.getRunId());
    assertThat(client.newUntypedWorkflowStub(first.getWorkflowId()).getResult(OrphanOutcome.class))
        .isEqualTo(OrphanOutcome.REFUNDED);
    verify(channel).refundPayment(any());
  }

  @Test
  void aPaymentOfAnOrderStillRunning_isHandedToIt_notRefunded() {
    StandInOrder order = runningOrder("order-running");
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner("order-running", false));
    when(channel.queryPayment(REF)).thenReturn(paid()); // the capture the order may still keep

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.HANDED_TO_ORDER);

    assertThat(order.events())
        .containsExactly(new ChannelEvent(ATTEMPT, "evt-1", ChannelEvent.Type.PAYMENT, "alipay"));
    verifyNoInteractions(channel);
    verify(ledger, never()).recordOrphanRefund(any());
  }

  @Test
  void anAttemptTheLedgerLearnsOfWhileTheOrphanWaits_isHandedToItsRunningOrder() {
    // the webhook came before the order's create call returned, so before its ledger row
    StandInOrder order = runningOrder("order-late-row");
    when(ledger.findOwnerOf(REF))
        .thenReturn(new AttemptOwner(null, false), new AttemptOwner("order-late-row", false));
    when(channel.queryPayment(REF)).thenReturn(waitPay(), paid());

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.HANDED_TO_ORDER);

    assertThat(order.events()).hasSize(1);
    verify(channel, never()).refundPayment(any());
    verify(ledger, never()).recordOrphanRefund(any());
  }

  @Test
  void aPaymentOfAnOrderWhoseWorkflowHasFinished_isRefunded() {
    StandInOrder order = runningOrder("order-finished");
    order.finish();
    client.newUntypedWorkflowStub("order-finished").getResult(Void.class);
    when(ledger.findOwnerOf(REF)).thenReturn(new AttemptOwner("order-finished", false));
    when(channel.queryPayment(REF)).thenReturn(paid());

    assertThat(orphan.settle(payment())).isEqualTo(OrphanOutcome.REFUNDED);

    verify(channel).refundPayment(any());
    verify(ledger).recordOrphanRefund(any());
  }

  private StandInOrder runningOrder(String orderId) {
    StandInOrder order =
        client.newWorkflowStub(
            StandInOrder.class,
            WorkflowOptions.newBuilder().setWorkflowId(orderId).setTaskQueue(taskQueue).build());
    WorkflowClient.start(order::run);
    return order;
  }

  private static ChannelPayment paid() {
    return new ChannelPayment(ChannelPayment.Status.PAID, PAID, 0);
  }

  private static ChannelPayment waitPay() {
    return new ChannelPayment(ChannelPayment.Status.WAIT_PAY, new Money(0, "CNY"), 0);
  }

  private static OrphanPayment payment() {
    return new OrphanPayment("alipay", ATTEMPT, "evt-1");
  }
}
