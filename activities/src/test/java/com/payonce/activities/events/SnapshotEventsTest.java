package com.payonce.activities.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.events.SnapshotEvents.NewEvent;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which event each state of an order, attempt and refund is, and what the shop is told. */
class SnapshotEventsTest {

  private static OrderView order(
      OrderStatus status, List<AttemptView> attempts, List<RefundView> refunds) {
    return new OrderView(
        "o-1",
        "c-1",
        new Money(1000, "CNY"),
        "tea",
        status,
        1L,
        2L,
        null,
        0,
        0,
        attempts,
        refunds,
        1);
  }

  private static RefundView refund(String id, RefundKind kind, RefundStatus status) {
    return new RefundView(id, "a-1", 100, status, kind, "why", 1L, "no-" + id);
  }

  private static List<String> types(OrderView order) {
    return SnapshotEvents.of(order).stream().map(NewEvent::type).toList();
  }

  @Test
  void everyOrderStatusButAwaitingIsAnEvent() {
    assertThat(types(order(OrderStatus.AWAITING_PAYMENT, List.of(), List.of()))).isEmpty();
    assertThat(types(order(OrderStatus.PAID, List.of(), List.of()))).containsExactly("order.paid");
    assertThat(types(order(OrderStatus.EXPIRED, List.of(), List.of())))
        .containsExactly("order.expired");
    assertThat(types(order(OrderStatus.CANCELLED, List.of(), List.of())))
        .containsExactly("order.cancelled");
    assertThat(types(order(OrderStatus.PARTIALLY_REFUNDED, List.of(), List.of())))
        .containsExactly("order.partially_refunded");
    assertThat(types(order(OrderStatus.REFUNDED, List.of(), List.of())))
        .containsExactly("order.refunded");
  }

  @Test
  void attemptsComeFirstThenRefundsThenTheOrder() {
    List<AttemptView> attempts =
        List.of(AttemptStatus.values()).stream()
            .map(s -> new AttemptView("a-" + s, "alipay", s, null, null, 1L, 0, 0, null))
            .toList();
    List<RefundView> refunds =
        List.of(
            refund("r-ok", RefundKind.REQUESTED, RefundStatus.SUCCEEDED),
            refund("r-no", RefundKind.REQUESTED, RefundStatus.FAILED),
            refund("r-wait", RefundKind.REQUESTED, RefundStatus.PENDING),
            refund("auto-a", RefundKind.AUTOMATIC, RefundStatus.SUCCEEDED),
            refund("auto-b", RefundKind.AUTOMATIC, RefundStatus.FAILED),
            refund("auto-c", RefundKind.AUTOMATIC, RefundStatus.PROCESSING));
    List<NewEvent> events = SnapshotEvents.of(order(OrderStatus.PAID, attempts, refunds));

    assertThat(events)
        .extracting(NewEvent::type)
        .containsExactly(
            "attempt.opened",
            "attempt.closed",
            "attempt.paid",
            "attempt.refunded",
            "attempt.failed",
            "refund.succeeded",
            "refund.failed",
            "payment.refunded_automatically",
            "order.needs_attention",
            "order.paid");
    // a shop refund and an automatic one may share an id: the subjects keep them apart
    assertThat(events)
        .extracting(NewEvent::subjectId)
        .contains("REQUESTED:r-ok", "AUTOMATIC:auto-b", "o-1");
    assertThat(events.get(events.size() - 1).payload())
        .isEqualTo(
            "{\"order\":{\"orderId\":\"o-1\",\"customerId\":\"c-1\",\"status\":\"PAID\","
                + "\"amount\":\"10.00\",\"currency\":\"CNY\",\"capturedAmount\":\"0.00\","
                + "\"refundedAmount\":\"0.00\",\"paidAttemptId\":null,"
                + "\"expiresAt\":\"1970-01-01T00:00:00.002Z\"}}");
  }
}
