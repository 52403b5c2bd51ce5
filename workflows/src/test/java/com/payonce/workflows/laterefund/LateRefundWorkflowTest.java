package com.payonce.workflows.laterefund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** A refund after the order's workflow ended: reserved, sent, answered, followed to its end. */
class LateRefundWorkflowTest {

  private static final String ORDER = "order-1";
  private static final String REFUND = "return-7";
  private static final LateRefund CALL = new LateRefund(ORDER, REFUND, 300, "returned");

  @RegisterExtension
  static final TestWorkflowExtension temporal =
      TestWorkflowExtension.newBuilder()
          .setWorkflowTypes(LateRefundWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final ChannelActivities channel =
      mock(ChannelActivities.class, withSettings().withoutAnnotations());
  private final LateRefundActivities ledger =
      mock(LateRefundActivities.class, withSettings().withoutAnnotations());
  private WorkflowClient client;
  private String taskQueue;

  @BeforeEach
  void setUp(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, WorkflowOptions options) {
    worker.registerActivitiesImplementations(channel, ledger);
    env.start();
    this.client = client;
    this.taskQueue = options.getTaskQueue();
  }

  private LateRefundWorkflow stub() {
    return client.newWorkflowStub(
        LateRefundWorkflow.class,
        WorkflowOptions.newBuilder(LateRefundWorkflow.options(ORDER, REFUND))
            .setTaskQueue(taskQueue)
            .build());
  }

  /** As the API calls it: the shop's call is the update the workflow starts with. */
  private RefundView call(LateRefundWorkflow workflow, LateRefund call) {
    return WorkflowClient.executeUpdateWithStart(
        workflow::answer,
        call,
        UpdateOptions.newBuilder(RefundView.class)
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(workflow::run, CALL));
  }

  private static RefundView pending(String refundNo) {
    return new RefundView(
        REFUND,
        "attempt-1",
        300,
        RefundStatus.PENDING,
        RefundKind.REQUESTED,
        "returned",
        1L,
        refundNo);
  }

  private void reservesWhatItIsGiven() {
    when(ledger.reserveRefund(any()))
        .thenAnswer(
            i -> {
              ReserveRefund r = i.getArgument(0);
              return RefundReservation.reserved(
                  pending(r.refundNo()), "alipay", new Money(r.amountMinor(), "CNY"));
            });
  }

  @Test
  void anAsynchronousRefund_isAnsweredProcessing_andWaitedOutToSucceeded() {
    reservesWhatItIsGiven();
    when(channel.refundPayment(any())).thenReturn(ChannelRefundStatus.PROCESSING);
    when(channel.queryRefund(any()))
        .thenReturn(
            ChannelRefundStatus.PROCESSING,
            ChannelRefundStatus.PROCESSING,
            ChannelRefundStatus.SUCCEEDED);
    LateRefundWorkflow workflow = stub();

    RefundView answer = call(workflow, CALL);

    assertThat(answer.status()).isEqualTo(RefundStatus.PROCESSING);
    RefundView end =
        WorkflowStub.fromTyped(workflow).getResult(RefundView.class); // time skips the waits
    assertThat(end.status()).isEqualTo(RefundStatus.SUCCEEDED);
    ArgumentCaptor<ReserveRefund> reserved = ArgumentCaptor.forClass(ReserveRefund.class);
    verify(ledger).reserveRefund(reserved.capture());
    String refundNo = reserved.getValue().refundNo();
    assertThat(refundNo).matches("[0-9a-f]{32}").isNotEqualTo(REFUND);
    ArgumentCaptor<RefundPayment> sent = ArgumentCaptor.forClass(RefundPayment.class);
    verify(channel).refundPayment(sent.capture());
    assertThat(sent.getValue())
        .isEqualTo(
            new RefundPayment("alipay", "attempt-1", refundNo, new Money(300, "CNY"), "returned"));
    verify(channel, times(3)).queryRefund(new RefundRef("alipay", "attempt-1", refundNo));
    InOrder settled = inOrder(ledger);
    settled
        .verify(ledger)
        .settleRefund(new SettleRefund(ORDER, REFUND, RefundStatus.PROCESSING, null));
    settled
        .verify(ledger)
        .settleRefund(new SettleRefund(ORDER, REFUND, RefundStatus.SUCCEEDED, null));
  }

  @Test
  void aRefundTheChannelFails_isFailed_andTheShopIsToldRejected() {
    reservesWhatItIsGiven();
    when(channel.refundPayment(any())).thenReturn(ChannelRefundStatus.FAILED);
    LateRefundWorkflow workflow = stub();

    assertThatThrownBy(() -> call(workflow, CALL))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .extracting(e -> ((ApplicationFailure) e).getType())
        .isEqualTo("REFUND_REJECTED");

    RefundView end = WorkflowStub.fromTyped(workflow).getResult(RefundView.class);
    assertThat(end.status()).isEqualTo(RefundStatus.FAILED);
    verify(ledger)
        .settleRefund(
            new SettleRefund(ORDER, REFUND, RefundStatus.FAILED, "the channel failed the refund"));
    verify(channel, never()).queryRefund(any());
  }

  @Test
  void aRefundTheChannelRefuses_isFailed() {
    reservesWhatItIsGiven();
    when(channel.refundPayment(any()))
        .thenThrow(ApplicationFailure.newNonRetryableFailure("too late", "CHANNEL_REJECTED"));
    LateRefundWorkflow workflow = stub();

    assertThatThrownBy(() -> call(workflow, CALL)).isInstanceOf(WorkflowUpdateException.class);

    assertThat(WorkflowStub.fromTyped(workflow).getResult(RefundView.class).status())
        .isEqualTo(RefundStatus.FAILED);
    verify(ledger).settleRefund(new SettleRefund(ORDER, REFUND, RefundStatus.FAILED, "too late"));
  }

  @Test
  void aRefusal_changesNothing_andReachesTheShopWithItsType() {
    when(ledger.reserveRefund(any()))
        .thenReturn(
            RefundReservation.refused(RefundRefusal.REFUND_PERIOD_OVER, "a year has passed"));
    LateRefundWorkflow workflow = stub();

    assertThatThrownBy(() -> call(workflow, CALL))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .extracting(e -> ((ApplicationFailure) e).getType())
        .isEqualTo("REFUND_PERIOD_OVER");

    assertThat(WorkflowStub.fromTyped(workflow).getResult(RefundView.class)).isNull();
    verify(channel, never()).refundPayment(any());
    verify(ledger, never()).settleRefund(any());
  }

  @Test
  void aRefundTheLedgerHasDone_isAnsweredWithoutSendingIt() {
    RefundView done =
        new RefundView(
            REFUND, "attempt-1", 300, RefundStatus.SUCCEEDED, RefundKind.REQUESTED, null, 1L, "n1");
    when(ledger.reserveRefund(any()))
        .thenReturn(RefundReservation.reserved(done, "alipay", new Money(300, "CNY")));

    assertThat(call(stub(), CALL)).isEqualTo(done);

    verify(channel, never()).refundPayment(any());
    verify(ledger, never()).settleRefund(any());
  }

  @Test
  void aCallForAnotherAmount_isAConflict() {
    reservesWhatItIsGiven();
    when(channel.refundPayment(any())).thenReturn(ChannelRefundStatus.PROCESSING);
    when(channel.queryRefund(any())).thenReturn(ChannelRefundStatus.SUCCEEDED);
    LateRefundWorkflow workflow = stub();
    call(workflow, CALL);

    assertThatThrownBy(() -> call(stub(), new LateRefund(ORDER, REFUND, 301, null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .extracting(e -> ((ApplicationFailure) e).getType())
        .isEqualTo("REFUND_ID_CONFLICT");
    verify(channel, times(1)).refundPayment(any());
  }
}
