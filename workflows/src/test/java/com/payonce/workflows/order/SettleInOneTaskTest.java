package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.FakeChannel.Op;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Version "settle-in-one-task": a payment callback that carries the channel's query answer (asked
 * by payonce's webhook endpoint) is acted on in the workflow task that receives the signal, and the
 * kept payment is recorded before its siblings are closed.
 */
class SettleInOneTaskTest extends OrderWorkflowTestSupport {

  @Test
  void aConfirmedPaymentCallback_settlesTheOrderInTheTaskThatReceivesIt_withoutAQuery() {
    OrderPaymentWorkflow order = h.start("order-one-task");
    String attemptId = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(attemptId);

    confirmedCallback(order, attemptId, paid(OrderHarness.AMOUNT));

    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(channel.calls(Op.QUERY)).isEmpty();
    List<HistoryEvent> afterSignal = eventsAfterSignal("order-one-task");
    int paidRecorded = firstLedgerWrite(afterSignal);
    assertThat(afterSignal.subList(0, paidRecorded))
        .extracting(HistoryEvent::getEventType)
        .doesNotContain(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .containsOnlyOnce(EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED);
    assertThat(h.snapshots().get(h.snapshots().size() - 1).status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void aConfirmedCaptureOfAnotherAmount_isRefunded_notKept() {
    OrderPaymentWorkflow order = h.start("order-one-task-amount");
    String attemptId = order.pay(new PayRequest("alipay")).attemptId();
    long less = OrderHarness.AMOUNT.minor() - 1;
    channel.customerPays(attemptId, less);

    confirmedCallback(order, attemptId, paid(OrderHarness.AMOUNT.withMinor(less)));

    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
    assertThat(channel.refundedMinor(attemptId)).isEqualTo(less);
    assertThat(channel.calls(Op.QUERY)).isEmpty();
  }

  @Test
  void anAnswerThatDoesNotShowThePaymentYet_isAskedAgain_untilItDoes() {
    OrderPaymentWorkflow order = h.start("order-one-task-lag");
    String attemptId = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPaysWithQueryLag(attemptId);

    confirmedCallback(
        order, attemptId, new ChannelPayment(ChannelPayment.Status.WAIT_PAY, null, 0));
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);

    channel.liftQueryLag(attemptId);
    h.sleepUntil(h.env.currentTimeMillis() + OrderHarness.TIMINGS.pollMax().toMillis());
    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(channel.calls(Op.QUERY, attemptId)).isNotEmpty();
  }

  @Test
  void anAnswerMissingItsAmount_isNotActedOn_theWorkflowAsksItself() {
    OrderPaymentWorkflow order = h.start("order-one-task-malformed");
    String attemptId = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(attemptId);

    confirmedCallback(order, attemptId, new ChannelPayment(ChannelPayment.Status.PAID, null, 0));

    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(channel.calls(Op.QUERY, attemptId)).hasSize(1);
  }

  /**
   * An answer asked long before the workflow handles it (a signal delayed behind a long step, or
   * carried into a new run) may be stale: the channel or an operator may have refunded since.
   */
  @Test
  void anAnswerOlderThanAFewSeconds_isAskedAgain() {
    OrderPaymentWorkflow order = h.start("order-one-task-stale");
    String attemptId = order.pay(new PayRequest("alipay")).attemptId();
    channel.customerPays(attemptId);
    long askedAt = h.env.currentTimeMillis() - CallbackInbox.FRESH_FOR.toMillis() - 1;

    h.webhookPaidWithAnswer(order, attemptId, paid(OrderHarness.AMOUNT), askedAt);

    assertThat(channel.calls(Op.QUERY, attemptId)).hasSize(1);
    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
  }

  @Test
  void theKeptPaymentIsRecordedBeforeItsSiblingsAreClosed() {
    OrderPaymentWorkflow order = h.start("order-one-task-siblings");
    OrderHarness.Tabs tabs = h.openTwoTabs(order);
    channel.customerPays(tabs.wechat());

    confirmedCallback(order, tabs.wechat(), paid(OrderHarness.AMOUNT));

    assertThat(order.view().status()).isEqualTo(OrderStatus.PAID);
    List<HistoryEvent> afterSignal = eventsAfterSignal("order-one-task-siblings");
    int paidRecorded = firstLedgerWrite(afterSignal);
    int siblingClosed = firstActivity(afterSignal, "ClosePayment");
    assertThat(paidRecorded).isLessThan(siblingClosed);
    assertThat(channel.calls(Op.CLOSE, tabs.alipay())).hasSize(2); // at the switch, and now
  }

  private void confirmedCallback(
      OrderPaymentWorkflow order, String attemptId, ChannelPayment answer) {
    h.webhookPaidWithAnswer(order, attemptId, answer, h.env.currentTimeMillis());
  }

  private static ChannelPayment paid(Money amount) {
    return new ChannelPayment(ChannelPayment.Status.PAID, amount, 0);
  }

  private List<HistoryEvent> eventsAfterSignal(String orderId) {
    List<HistoryEvent> events = h.client.fetchHistory(orderId).getHistory().getEventsList();
    int signal =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
            .findFirst()
            .map(events::indexOf)
            .orElseThrow();
    return events.subList(signal + 1, events.size());
  }

  /** The index of the first ledger write (a local activity's marker; not a version marker). */
  private static int firstLedgerWrite(List<HistoryEvent> events) {
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
          && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity")) {
        return i;
      }
    }
    throw new AssertionError("no ledger write after the callback");
  }

  private static int firstActivity(List<HistoryEvent> events, String type) {
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals(type)) {
        return i;
      }
    }
    throw new AssertionError("no " + type + " after the callback");
  }
}
