package com.payonce.sandbox.channel;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One order's mutable state. Every transition holds the order's own lock, so two concurrent pays
 * or refunds of the same order cannot both capture or both overdraw.
 */
final class SandboxOrder {

  private final long sequence;
  private final String channelOrderId;
  private final NewOrder request;

  private OrderStatus status = OrderStatus.WAIT_PAY;
  private Amount paid;
  private Instant paidAt;
  private Amount refunded;
  private Instant lastRefundAt;
  private final Map<String, RefundRecord> refunds = new HashMap<>();

  SandboxOrder(long sequence, String channelOrderId, NewOrder request) {
    this.sequence = sequence;
    this.channelOrderId = channelOrderId;
    this.request = request;
    this.paid = Amount.zero(request.amount().currency());
    this.refunded = paid;
  }

  /** Immutable after creation, so no lock. */
  Amount amount() {
    return request.amount();
  }

  /**
   * The customer pays {@code payment}.
   *
   * @return true when this call captured the money, false when the order was already paid
   */
  synchronized boolean pay(Amount payment, Instant now) {
    expireIfDue(now);
    if (status == OrderStatus.PAID) {
      return false;
    }
    if (status == OrderStatus.CLOSED) {
      throw new SandboxException(
          ErrorCode.ORDER_CLOSED, "order " + request.merchantOrderNo() + " is closed");
    }
    status = OrderStatus.PAID;
    paid = payment;
    paidAt = now;
    return true;
  }

  /**
   * Closes an unpaid order. When the channel does not honour closes it only pretends: the order
   * stays payable, which is how a customer ends up paying twice in real life.
   */
  synchronized void close(boolean honored, Instant now) {
    expireIfDue(now);
    if (status == OrderStatus.PAID) {
      throw new SandboxException(
          ErrorCode.ORDER_PAID, "order " + request.merchantOrderNo() + " is paid; not closed");
    }
    if (honored) {
      status = OrderStatus.CLOSED;
    }
  }

  /**
   * Refunds part of the capture, once per refundNo.
   *
   * @return the refund, and whether this call made it (false: a repeat of an earlier one)
   */
  synchronized RefundOutcome refund(String refundNo, Amount amount, String reason, Instant now) {
    RefundRecord earlier = refunds.get(refundNo);
    if (earlier != null) {
      if (!earlier.amount().equals(amount)) {
        throw new SandboxException(
            ErrorCode.REFUND_MISMATCH,
            "refund " + refundNo + " was for " + earlier.amount() + ", not " + amount);
      }
      return new RefundOutcome(earlier, false);
    }
    expireIfDue(now);
    if (status != OrderStatus.PAID) {
      throw new SandboxException(
          ErrorCode.ORDER_NOT_PAID, "order " + request.merchantOrderNo() + " is " + status);
    }
    Amount total = refunded.plus(amount);
    if (total.exceeds(paid)) {
      throw new SandboxException(
          ErrorCode.REFUND_EXCEEDS_CAPTURED,
          "refunds would total " + total + " of " + paid + " captured");
    }
    RefundRecord refund = new RefundRecord(refundNo, amount, reason, now);
    refunds.put(refundNo, refund);
    refunded = total;
    lastRefundAt = now;
    return new RefundOutcome(refund, true);
  }

  synchronized OrderSnapshot snapshot(Instant now) {
    expireIfDue(now);
    return new OrderSnapshot(
        sequence,
        request.merchantOrderNo(),
        channelOrderId,
        status,
        request.amount(),
        paid,
        refunded,
        request.notifyUrl(),
        request.expiresAt(),
        paidAt,
        lastRefundAt);
  }

  /** Expiry is applied lazily, whenever the order is next touched: no timer thread needed. */
  private void expireIfDue(Instant now) {
    Instant expiresAt = request.expiresAt();
    if (status == OrderStatus.WAIT_PAY && expiresAt != null && !now.isBefore(expiresAt)) {
      status = OrderStatus.CLOSED;
    }
  }

  record RefundOutcome(RefundRecord refund, boolean created) {}
}
