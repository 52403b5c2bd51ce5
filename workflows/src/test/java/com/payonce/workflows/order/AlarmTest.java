package com.payonce.workflows.order;

import static com.payonce.workflows.order.OrderHarness.AMOUNT;
import static com.payonce.workflows.order.OrderHarness.result;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateStage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Alarm}, or what an order costs in Temporal (version {@code fewer-round-trips}): no timer
 * fires for nothing, and a timer set in the same workflow task as an update-with-start's pay is
 * left to fire, so the history replays.
 */
class AlarmTest extends OrderWorkflowTestSupport {

  @Test
  void happyPath_noTimerFiresForNothing() {
    OrderPaymentWorkflow order = h.start("order-cost-happy");
    String id = order.pay(new PayRequest("alipay")).attemptId();
    h.paidWithWebhook(order, id);

    assertThat(result(order).status()).isEqualTo(OrderStatus.PAID);
    List<HistoryEvent> events = history("order-cost-happy");
    assertThat(activityTypes(events)).containsExactly("CreatePayment", "QueryPayment");
    assertThat(markers(events)).contains("Version", "LocalActivity");
    // expiry and poll timers are cancelled when superseded; only the late window's end fires
    assertThat(count(events, EventType.EVENT_TYPE_TIMER_FIRED)).isEqualTo(1);
    assertThat(count(events, EventType.EVENT_TYPE_TIMER_STARTED))
        .isEqualTo(
            count(events, EventType.EVENT_TYPE_TIMER_FIRED)
                + count(events, EventType.EVENT_TYPE_TIMER_CANCELED));
    assertThat(count(events, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)).isLessThanOrEqualTo(6);
    assertThat(channel.calls(Op.CREATE)).hasSize(1);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
  }

  /**
   * Update-with-start: the order's first workflow task holds the start and the pay, which sets and
   * supersedes the main loop's first timer in that one task.
   */
  @Test
  void aPayArrivingWithTheStart_isHandledInTheFirstTask() {
    Checkout checkout = h.checkout("order-pay-with-start");
    OrderPaymentWorkflow order = h.stub(checkout);

    AttemptView attempt =
        WorkflowClient.executeUpdateWithStart(
            order::pay,
            new PayRequest("alipay"),
            UpdateOptions.<AttemptView>newBuilder()
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build(),
            new WithStartWorkflowOperation<>(order::run, checkout));
    h.paidWithWebhook(order, attempt.attemptId());

    assertThat(result(order).status()).isEqualTo(OrderStatus.PAID);
    assertThat(channel.customerChargedMinor()).isEqualTo(AMOUNT.minor());
  }

  private List<HistoryEvent> history(String workflowId) {
    return h.client.fetchHistory(workflowId).getEvents();
  }

  private static List<String> activityTypes(List<HistoryEvent> events) {
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
        .map(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName())
        .toList();
  }

  private static List<String> markers(List<HistoryEvent> events) {
    return events.stream()
        .filter(HistoryEvent::hasMarkerRecordedEventAttributes)
        .map(e -> e.getMarkerRecordedEventAttributes().getMarkerName())
        .distinct()
        .toList();
  }

  private static long count(List<HistoryEvent> events, EventType type) {
    return events.stream().filter(e -> e.getEventType() == type).count();
  }
}
