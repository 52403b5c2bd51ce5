package com.payonce.activities.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events a ledger snapshot stands for: each state an order, attempt or refund enters, named
 * once per subject ({@code order.paid}, {@code attempt.closed}, {@code refund.succeeded}, ...).
 * Derived from the snapshot rather than sent by the workflow, so the workflow code and its
 * histories are untouched and an event can never disagree with the ledger it came with.
 */
final class SnapshotEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An event before the ledger gave it an id. */
  record NewEvent(String type, String subjectId, String payload) {}

  private SnapshotEvents() {}

  /** Attempts first, then refunds, then the order: a payment is seen before what it settles. */
  static List<NewEvent> of(OrderView order) {
    List<NewEvent> events = new ArrayList<>();
    Map<String, Object> orderData = orderData(order);
    for (AttemptView attempt : order.attempts()) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("order", orderData);
      data.put("attempt", attemptData(attempt, order.amount().currency()));
      events.add(new NewEvent(attemptType(attempt.status()), attempt.attemptId(), json(data)));
    }
    for (RefundView refund : order.refunds()) {
      refundType(refund)
          .ifPresent(
              type -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("order", orderData);
                data.put("refund", refundData(refund, order.amount().currency()));
                events.add(new NewEvent(type, refund.kind() + ":" + refund.refundId(), json(data)));
              });
    }
    orderType(order.status())
        .ifPresent(
            type ->
                events.add(new NewEvent(type, order.orderId(), json(Map.of("order", orderData)))));
    return events;
  }

  static Optional<String> orderType(OrderStatus status) {
    return switch (status) {
      case AWAITING_PAYMENT -> Optional.empty(); // the shop made it: nothing to tell
      case PAID -> Optional.of("order.paid");
      case EXPIRED -> Optional.of("order.expired");
      case CANCELLED -> Optional.of("order.cancelled");
      case PARTIALLY_REFUNDED -> Optional.of("order.partially_refunded");
      case REFUNDED -> Optional.of("order.refunded");
    };
  }

  private static String attemptType(AttemptStatus status) {
    return switch (status) {
      case OPEN -> "attempt.opened";
      case CLOSED -> "attempt.closed";
      case PAID -> "attempt.paid";
      case REFUNDED -> "attempt.refunded";
      case FAILED -> "attempt.failed";
    };
  }

  /**
   * The shop's refunds when they end; payonce's own when given back, and when the channel refuses
   * to give one back: money payonce owes the customer that needs a person.
   */
  private static Optional<String> refundType(RefundView refund) {
    boolean requested = refund.kind() == RefundKind.REQUESTED;
    if (refund.status() == RefundStatus.SUCCEEDED) {
      return Optional.of(requested ? "refund.succeeded" : "payment.refunded_automatically");
    }
    if (refund.status() == RefundStatus.FAILED) {
      return Optional.of(requested ? "refund.failed" : "order.needs_attention");
    }
    return Optional.empty();
  }

  private static Map<String, Object> orderData(OrderView order) {
    String currency = order.amount().currency();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("orderId", order.orderId());
    data.put("customerId", order.customerId());
    data.put("status", order.status().name());
    data.put("amount", order.amount().toDecimal());
    data.put("currency", currency);
    data.put("capturedAmount", decimal(order.capturedMinor(), currency));
    data.put("refundedAmount", decimal(order.refundedMinor(), currency));
    data.put("paidAttemptId", order.paidAttemptId());
    data.put("expiresAt", Instant.ofEpochMilli(order.expiresAtMillis()).toString());
    return data;
  }

  private static Map<String, Object> attemptData(AttemptView attempt, String currency) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("attemptId", attempt.attemptId());
    data.put("channel", attempt.channel());
    data.put("status", attempt.status().name());
    data.put("capturedAmount", decimal(attempt.capturedMinor(), currency));
    data.put("refundedAmount", decimal(attempt.refundedMinor(), currency));
    data.put("note", attempt.note());
    return data;
  }

  private static Map<String, Object> refundData(RefundView refund, String currency) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("refundId", refund.refundId());
    data.put("attemptId", refund.attemptId());
    data.put("amount", decimal(refund.amountMinor(), currency));
    data.put("status", refund.status().name());
    data.put("kind", refund.kind().name());
    data.put("reason", refund.reason());
    return data;
  }

  private static String decimal(long minor, String currency) {
    return new Money(minor, currency).toDecimal();
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings always serialize", e);
    }
  }
}
