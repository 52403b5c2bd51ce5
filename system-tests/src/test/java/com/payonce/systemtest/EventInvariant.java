package com.payonce.systemtest;

import com.payonce.systemtest.InvariantChecker.OrderRow;
import com.payonce.systemtest.InvariantChecker.RefundRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an order's events must say once it settled: every state it settled in was announced, and
 * every event shops are sent reached the harness's shop, signed, first arriving in event order.
 */
final class EventInvariant {

  /** An order_events row. */
  record EventRow(long eventId, String type, String subjectId) {
    boolean forShops() {
      return !type.startsWith("attempt.");
    }
  }

  /** The merchant_deliveries row of an event to the harness's endpoint. */
  record DeliveryRow(long eventId, String status, int attempts) {}

  private EventInvariant() {}

  static List<String> problems(
      String orderId,
      OrderRow order,
      List<RefundRow> refunds,
      List<EventRow> events,
      List<DeliveryRow> deliveries,
      List<Long> arrivals) {
    List<String> problems = new ArrayList<>();
    Set<String> recorded = new LinkedHashSet<>();
    events.forEach(e -> recorded.add(e.type() + " " + e.subjectId()));
    for (String expected : expected(orderId, order, refunds)) {
      if (!recorded.contains(expected)) {
        problems.add("no event " + expected + " (events: " + recorded + ")");
      }
    }
    List<Long> shopEvents =
        events.stream().filter(EventRow::forShops).map(EventRow::eventId).toList();
    for (long id : shopEvents) {
      DeliveryRow delivery =
          deliveries.stream().filter(d -> d.eventId() == id).findFirst().orElse(null);
      if (delivery == null || !delivery.status().equals("DELIVERED") || !arrivals.contains(id)) {
        problems.add("event " + id + " has not reached the shop: " + delivery);
      }
    }
    List<Long> sorted = arrivals.stream().sorted().toList();
    if (!arrivals.equals(sorted)) {
      problems.add("the shop got this order's events out of order: " + arrivals);
    }
    return problems;
  }

  private static List<String> expected(String orderId, OrderRow order, List<RefundRow> refunds) {
    List<String> expected = new ArrayList<>();
    switch (order.status()) {
      case "PAID" -> expected.add("order.paid " + orderId);
      case "PARTIALLY_REFUNDED" -> {
        expected.add("order.paid " + orderId);
        expected.add("order.partially_refunded " + orderId);
      }
      case "REFUNDED" -> {
        expected.add("order.paid " + orderId);
        expected.add("order.refunded " + orderId);
      }
      case "EXPIRED" -> expected.add("order.expired " + orderId);
      case "CANCELLED" -> expected.add("order.cancelled " + orderId);
      default -> {}
    }
    for (RefundRow refund : refunds) {
      boolean requested = refund.kind().equals("REQUESTED");
      String type =
          switch (refund.status()) {
            case "SUCCEEDED" -> requested ? "refund.succeeded" : "payment.refunded_automatically";
            case "FAILED" -> requested ? "refund.failed" : "order.needs_attention";
            default -> null;
          };
      if (type != null) {
        expected.add(type + " " + refund.kind() + ":" + refund.refundId());
      }
    }
    return expected;
  }
}
