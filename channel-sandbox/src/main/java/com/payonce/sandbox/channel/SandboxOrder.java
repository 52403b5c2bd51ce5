package com.payonce.sandbox.channel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One order's mutable state. Every transition holds the order's own lock, so two concurrent pays or
 * refunds of the same order cannot both capture or both overdraw.
 */
final class SandboxOrder {

  private final long sequence;
  private final String channelOrderId;
  private final NewOrder request;

  private PspOrderStatus status = PspOrderStatus.WAIT_PAY;
  private Amount paid;
  private Instant paidAt;
  private Amount refunded;

  /** Refunds accepted but still PROCESSING: reserved against the capture, not yet refunded. */
  private Amount refunding;

  private Instant lastRefundAt;

  /** The customer opened the cashier (scanned the code) and has not paid yet. */
  private boolean paying;

  /** The customer has opened the cashier or paid: some PSPs only know the trade from then on. */
  private boolean scanned;

  /** In the order they were accepted: the ledger lists them so. */
  private final Map<String, RefundRecord> refunds = new LinkedHashMap<>();

  private OrderFaults faults = OrderFaults.NONE;

  SandboxOrder(long sequence, String channelOrderId, NewOrder request) {
    this.sequence = sequence;
    this.channelOrderId = channelOrderId;
    this.request = request;
    this.paid = Amount.zero(request.amount().currency());
    this.refunded = paid;
    this.refunding = paid;
  }

  /** Immutable after creation, so no lock. */
  Amount amount() {
    return request.amount();
  }

  String merchantOrderNo() {
    return request.merchantOrderNo();
  }

  /**
   * The customer pays, and the channel captures {@code capture}.
   *
   * @return true when this call captured the money, false when the order was already paid
   */
  synchronized boolean pay(Amount capture, Instant now) {
    expireIfDue(now);
    if (status == PspOrderStatus.PAID) {
      return false;
    }
    if (status == PspOrderStatus.CLOSED) {
      throw new SandboxException(
          ErrorCode.ORDER_CLOSED, "order " + request.merchantOrderNo() + " is closed");
    }
    status = PspOrderStatus.PAID;
    paid = capture;
    paidAt = now;
    paying = false;
    scanned = true;
    return true;
  }

  /** The customer opened the cashier: until they pay, a close is refused with USER_PAYING. */
  synchronized void scan(Instant now) {
    expireIfDue(now);
    if (status == PspOrderStatus.PAID) {
      throw new SandboxException(
          ErrorCode.ORDER_PAID, "order " + request.merchantOrderNo() + " is paid");
    }
    if (status == PspOrderStatus.CLOSED) {
      throw new SandboxException(
          ErrorCode.ORDER_CLOSED, "order " + request.merchantOrderNo() + " is closed");
    }
    paying = true;
    scanned = true;
  }

  /**
   * Closes an unpaid order. When the channel does not honour closes it only pretends: the order
   * stays payable, which is how a customer ends up paying twice in real life. A paid order is
   * refused with ORDER_PAID before anything else; a closed one is closed again.
   *
   * @param refuse refuse an open order with USER_PAYING (an injected fault)
   */
  synchronized CloseOutcome close(boolean honored, boolean refuse, Instant now) {
    expireIfDue(now);
    if (status == PspOrderStatus.PAID) {
      throw new SandboxException(
          ErrorCode.ORDER_PAID, "order " + request.merchantOrderNo() + " is paid; not closed");
    }
    if (status == PspOrderStatus.CLOSED) {
      return CloseOutcome.ALREADY_CLOSED;
    }
    if (paying) {
      return CloseOutcome.USER_PAYING;
    }
    if (refuse) {
      return CloseOutcome.REFUSED;
    }
    if (!honored) {
      return CloseOutcome.NOT_HONORED;
    }
    status = PspOrderStatus.CLOSED;
    return CloseOutcome.CLOSED;
  }

  /**
   * Refunds part of the capture, once per refundNo: at once, or (async) as PROCESSING until {@link
   * #completeRefund}. A PROCESSING refund already counts against what may still be refunded.
   *
   * @return the refund as it stands, and whether this call made it (false: a repeat)
   */
  synchronized RefundOutcome refund(
      String refundNo, Amount amount, String reason, boolean async, Instant now) {
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
    if (status != PspOrderStatus.PAID) {
      throw new SandboxException(
          ErrorCode.ORDER_NOT_PAID, "order " + request.merchantOrderNo() + " is " + status);
    }
    Amount total = refunded.plus(refunding).plus(amount);
    if (total.exceeds(paid)) {
      throw new SandboxException(
          ErrorCode.REFUND_EXCEEDS_CAPTURED,
          "refunds would total " + total + " of " + paid + " captured");
    }
    RefundRecord refund;
    if (async) {
      refund = RefundRecord.processing(refundNo, amount, reason, now);
      refunding = refunding.plus(amount);
    } else {
      refund = RefundRecord.succeeded(refundNo, amount, reason, now);
      refunded = refunded.plus(amount);
      lastRefundAt = now;
    }
    refunds.put(refundNo, refund);
    return new RefundOutcome(refund, true);
  }

  /**
   * The money of a PROCESSING refund goes back.
   *
   * @return the refund now SUCCEEDED, or null when it was not PROCESSING
   */
  synchronized RefundRecord completeRefund(String refundNo, Instant now) {
    RefundRecord processing = refunds.get(refundNo);
    if (processing == null || processing.status() != PspRefundStatus.PROCESSING) {
      return null;
    }
    RefundRecord done = processing.succeededAt(now);
    refunds.put(refundNo, done);
    refunding = refunding.minus(done.amount());
    refunded = refunded.plus(done.amount());
    lastRefundAt = now;
    return done;
  }

  synchronized OrderFaults faults() {
    return faults;
  }

  synchronized void faults(OrderFaults next) {
    faults = next;
  }

  /** Counts one of the order's own refund failures down: true when this refund call must fail. */
  synchronized boolean takeRefundFailure() {
    if (faults.refundFailures() == 0) {
      return false;
    }
    faults = faults.refundFailed();
    return true;
  }

  /** The capture and its refunds, consistent with each other. */
  synchronized LedgerEntry ledgerEntry(Instant now) {
    return new LedgerEntry(snapshot(now), new ArrayList<>(refunds.values()));
  }

  /** The refund as it stands, or null. */
  synchronized RefundRecord findRefund(String refundNo) {
    return refunds.get(refundNo);
  }

  synchronized PspOrderSnapshot snapshot(Instant now) {
    expireIfDue(now);
    return new PspOrderSnapshot(
        sequence,
        request.merchantOrderNo(),
        channelOrderId,
        status,
        scanned,
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
    if (status == PspOrderStatus.WAIT_PAY && expiresAt != null && !now.isBefore(expiresAt)) {
      status = PspOrderStatus.CLOSED;
      paying = false;
    }
  }

  enum CloseOutcome {
    CLOSED,
    ALREADY_CLOSED,
    NOT_HONORED,
    USER_PAYING,
    REFUSED
  }

  record RefundOutcome(RefundRecord refund, boolean created) {}
}
