package com.payonce.api.ops;

import com.payonce.activities.events.OrderEvent;
import com.payonce.activities.ledger.WebhookInbox;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundView;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One order's timeline as the console shows it: the ledger's order, its attempts with payonce's
 * amounts beside the channel's live answer, its refunds, the channel's callbacks, the order's
 * events and the operator items about it.
 *
 * @param eventsCut true when the order has more events than the page shows
 */
record OpsOrderPage(
    String orderId,
    String customerId,
    String description,
    String status,
    String amount,
    String currency,
    String createdAt,
    String expiresAt,
    String paidAttemptId,
    String captured,
    String refunded,
    List<Attempt> attempts,
    List<Refund> refunds,
    List<ChannelEvent> channelEvents,
    List<Event> events,
    boolean eventsCut,
    List<OpsQueueItem> operatorItems,
    String temporalUrl) {

  /**
   * @param channelSays the channel's answer, null when it gave none ("unavailable")
   */
  record Attempt(
      String attemptId,
      String channel,
      String status,
      boolean kept,
      String channelOrderId,
      String createdAt,
      String note,
      String captured,
      String refunded,
      ChannelSays channelSays) {

    /** Whether the channel answered and its amounts are not payonce's. */
    public boolean differs() {
      return channelSays != null && channelSays.differs();
    }
  }

  /**
   * @param differs the channel's captured or refunded amount is not payonce's
   * @param partialRefundUnseen payonce refunded part of the capture, which neither channel's query
   *     reports (AlipayQuery, WechatPayQuery): not a difference, reconciliation has the amounts
   */
  record ChannelSays(
      String status,
      String captured,
      String refunded,
      boolean differs,
      boolean partialRefundUnseen) {

    static ChannelSays of(ChannelPayment answer, AttemptView ours, String currency) {
      Money paid = answer.paid() == null ? new Money(0, currency) : answer.paid();
      boolean partialRefundUnseen =
          answer.refundedMinor() == 0
              && ours.refundedMinor() > 0
              && ours.refundedMinor() < ours.capturedMinor();
      boolean differs =
          paid.minor() != ours.capturedMinor()
              || !paid.currency().equals(currency)
              || (answer.refundedMinor() != ours.refundedMinor() && !partialRefundUnseen);
      return new ChannelSays(
          answer.status().name(),
          paid.toDecimal() + (paid.currency().equals(currency) ? "" : " " + paid.currency()),
          new Money(answer.refundedMinor(), paid.currency()).toDecimal(),
          differs,
          partialRefundUnseen);
    }
  }

  record Refund(
      String refundId,
      String refundNo,
      String attemptId,
      String kind,
      String status,
      String amount,
      String reason,
      String createdAt) {}

  record ChannelEvent(
      String channel,
      String eventId,
      String eventType,
      String attemptId,
      String receivedAt,
      String deliveredAt) {}

  record Event(long eventId, String type, String createdAt, String payload) {}

  static OpsOrderPage of(
      OrderView order,
      Map<String, Optional<ChannelPayment>> channelAnswers,
      List<WebhookInbox.Received> inbox,
      List<OrderEvent> events,
      boolean eventsCut,
      List<OpsQueueItem> operatorItems,
      String temporalUrl) {
    String currency = order.amount().currency();
    return new OpsOrderPage(
        order.orderId(),
        order.customerId(),
        order.description(),
        order.status().name(),
        order.amount().toDecimal(),
        currency,
        OpsTimes.format(order.createdAtMillis()),
        OpsTimes.format(order.expiresAtMillis()),
        order.paidAttemptId(),
        money(order.capturedMinor(), currency),
        money(order.refundedMinor(), currency),
        order.attempts().stream()
            .map(
                a ->
                    new Attempt(
                        a.attemptId(),
                        a.channel(),
                        a.status().name(),
                        a.attemptId().equals(order.paidAttemptId()),
                        a.channelOrderId(),
                        OpsTimes.format(a.createdAtMillis()),
                        a.note(),
                        money(a.capturedMinor(), currency),
                        money(a.refundedMinor(), currency),
                        channelAnswers
                            .getOrDefault(a.attemptId(), Optional.empty())
                            .map(answer -> ChannelSays.of(answer, a, currency))
                            .orElse(null)))
            .toList(),
        order.refunds().stream().map(r -> refund(r, currency)).toList(),
        inbox.stream()
            .map(
                e ->
                    new ChannelEvent(
                        e.channel(),
                        e.eventId(),
                        e.eventType(),
                        e.attemptId(),
                        OpsTimes.format(e.receivedAt()),
                        OpsTimes.format(e.deliveredAt())))
            .toList(),
        events.stream()
            .map(e -> new Event(e.eventId(), e.type(), OpsTimes.format(e.createdAt()), e.payload()))
            .toList(),
        eventsCut,
        operatorItems,
        temporalUrl);
  }

  private static Refund refund(RefundView r, String currency) {
    return new Refund(
        r.refundId(),
        r.refundNo(),
        r.attemptId(),
        r.kind().name(),
        r.status().name(),
        money(r.amountMinor(), currency),
        r.reason(),
        OpsTimes.format(r.createdAtMillis()));
  }

  private static String money(long minor, String currency) {
    return new Money(minor, currency).toDecimal();
  }
}
