package com.payonce.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order's state and its money rules, free of Temporal calls: which attempt is kept, what can
 * still be refunded, what the order's status is. The workflow decides when; this decides what.
 */
final class OrderBook {
  static final String AUTO_REFUND_PREFIX = "auto-";

  private final Checkout checkout;
  private final Map<String, Attempt> attempts = new LinkedHashMap<>();
  private final Map<String, Refund> refunds = new LinkedHashMap<>();
  private OrderStatus status = OrderStatus.AWAITING_PAYMENT;
  private Attempt kept;
  private long revision;

  OrderBook(Checkout checkout) {
    this.checkout = checkout;
  }

  Checkout checkout() {
    return checkout;
  }

  Money amount() {
    return checkout.amount();
  }

  OrderStatus status() {
    return status;
  }

  boolean awaitingPayment() {
    return status == OrderStatus.AWAITING_PAYMENT;
  }

  Optional<Attempt> attempt(String attemptId) {
    return Optional.ofNullable(attempts.get(attemptId));
  }

  Optional<Attempt> openAttempt() {
    return attempts.values().stream().filter(Attempt::isOpen).findFirst();
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts.values());
  }

  /** Attempts other than the kept one that could still capture money: watched until the end. */
  List<Attempt> unsettledAttempts() {
    return attempts.values().stream().filter(a -> a != kept && a.mayStillCapture()).toList();
  }

  boolean isKept(Attempt attempt) {
    return attempt == kept;
  }

  Attempt newAttempt(String attemptId, String channel, long nowMillis) {
    Attempt attempt = new Attempt(attemptId, channel, nowMillis);
    attempts.put(attemptId, attempt);
    return attempt;
  }

  /**
   * Records a confirmed capture. Returns true when it becomes the order's kept payment; otherwise
   * an automatic refund of all of it is scheduled, and the attempt says why.
   */
  boolean captured(Attempt attempt, Money paid, long nowMillis) {
    String refundReason = null;
    if (!paid.currency().equals(amount().currency()) || paid.minor() != amount().minor()) {
      refundReason = "amount mismatch: channel captured " + paid + ", order is " + amount();
    } else if (kept != null) {
      refundReason = "duplicate payment: order already paid by attempt " + kept.id();
    } else if (!awaitingPayment()) {
      refundReason = "late payment: order was already " + status;
    }
    if (refundReason == null) {
      attempt.captured(paid.minor(), null);
      kept = attempt;
      status = OrderStatus.PAID;
      return true;
    }
    attempt.captured(paid.minor(), refundReason);
    String refundId = AUTO_REFUND_PREFIX + attempt.id();
    refunds.putIfAbsent(
        refundId,
        new Refund(
            refundId, attempt.id(), paid.minor(), RefundKind.AUTOMATIC, refundReason, nowMillis));
    return false;
  }

  void end(OrderStatus outcome) {
    if (awaitingPayment()) {
      status = outcome;
    }
  }

  Optional<Refund> refund(String refundId) {
    return Optional.ofNullable(refunds.get(refundId));
  }

  List<Refund> pendingRefunds() {
    return refunds.values().stream().filter(Refund::isPending).toList();
  }

  List<Refund> processingRefunds() {
    return refunds.values().stream().filter(Refund::isProcessing).toList();
  }

  /** The last attempt on a channel whose create may or may not have reached the channel. */
  Optional<Attempt> unknownCreate(String channel) {
    Attempt last = null;
    for (Attempt attempt : attempts.values()) {
      if (attempt.channel().equals(channel) && attempt.createOutcomeUnknown()) {
        last = attempt;
      }
    }
    return Optional.ofNullable(last);
  }

  /** What the shop can still refund of the kept payment. */
  long refundableMinor() {
    if (kept == null) {
      return 0;
    }
    long held =
        refunds.values().stream()
            .filter(r -> r.attemptId().equals(kept.id()) && r.holdsAmount())
            .mapToLong(Refund::amountMinor)
            .sum();
    return kept.capturedMinor() - held;
  }

  Refund requestRefund(RefundRequest request, long nowMillis) {
    Refund refund =
        new Refund(
            request.refundId(),
            kept.id(),
            request.amountMinor(),
            RefundKind.REQUESTED,
            request.reason(),
            nowMillis);
    refunds.put(refund.id(), refund);
    return refund;
  }

  void refundSucceeded(Refund refund) {
    refund.succeeded();
    attempts.get(refund.attemptId()).refunded(refund.amountMinor());
    if (kept != null && refund.attemptId().equals(kept.id())) {
      status =
          kept.refundedMinor() >= kept.capturedMinor()
              ? OrderStatus.REFUNDED
              : OrderStatus.PARTIALLY_REFUNDED;
    }
  }

  String lastChannel() {
    if (kept != null) {
      return kept.channel();
    }
    Attempt last = null;
    for (Attempt attempt : attempts.values()) {
      last = attempt;
    }
    return last == null ? null : last.channel();
  }

  OrderView view() {
    List<AttemptView> attemptViews = new ArrayList<>();
    long captured = 0;
    long refunded = 0;
    for (Attempt attempt : attempts.values()) {
      attemptViews.add(attempt.view());
      captured += attempt.capturedMinor();
      refunded += attempt.refundedMinor();
    }
    return new OrderView(
        checkout.orderId(),
        checkout.customerId(),
        checkout.amount(),
        checkout.description(),
        status,
        checkout.createdAtMillis(),
        checkout.expiresAtMillis(),
        kept == null ? null : kept.id(),
        captured,
        refunded,
        attemptViews,
        refunds.values().stream().map(Refund::view).toList(),
        revision);
  }

  /** A view for the ledger, one revision newer than the last. */
  OrderView nextRevision() {
    revision++;
    return view();
  }
}
