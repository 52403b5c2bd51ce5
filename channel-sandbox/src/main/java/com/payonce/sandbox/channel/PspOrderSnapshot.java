package com.payonce.sandbox.channel;

import java.net.URI;
import java.time.Instant;

/**
 * A consistent, immutable view of one order, taken under the order's lock.
 *
 * @param sequence creation order within the channel
 * @param scanned the customer has opened the cashier (scanned the code) or paid
 * @param paid what was captured; zero unless PAID (may differ from {@code amount})
 * @param refunded what was refunded of {@code paid} so far
 * @param paidAt null unless PAID
 * @param lastRefundAt null until the first refund
 */
public record PspOrderSnapshot(
    long sequence,
    String merchantOrderNo,
    String channelOrderId,
    PspOrderStatus status,
    boolean scanned,
    Amount amount,
    Amount paid,
    Amount refunded,
    URI notifyUrl,
    Instant expiresAt,
    Instant paidAt,
    Instant lastRefundAt) {

  public boolean captured() {
    return paidAt != null;
  }

  /** How the order looked before it was paid: what a lagging query still reports. */
  PspOrderSnapshot beforePayment() {
    Amount zero = Amount.zero(amount.currency());
    return new PspOrderSnapshot(
        sequence,
        merchantOrderNo,
        channelOrderId,
        PspOrderStatus.WAIT_PAY,
        scanned,
        amount,
        zero,
        zero,
        notifyUrl,
        expiresAt,
        null,
        null);
  }
}
