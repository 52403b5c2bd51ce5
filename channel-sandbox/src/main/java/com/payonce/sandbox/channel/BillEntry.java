package com.payonce.sandbox.channel;

import java.time.Instant;

/**
 * One money line of a channel's daily bill: a capture or a SUCCEEDED refund, as the channel's
 * ground-truth ledger holds it. The protocols write it in their PSP's own file format.
 *
 * @param orderAmount what the order was for (a capture may differ: amountTamper)
 * @param captured what the order captured; a refund's fee is its share of the capture's
 * @param amount what this line captured or refunded, positive
 * @param fee what the channel kept on this line in minor units: positive on a capture, zero or
 *     negative (given back) on a refund
 * @param refundNo the merchant's refund number; null for a capture
 */
public record BillEntry(
    Kind kind,
    String merchantOrderNo,
    String channelOrderId,
    String refundNo,
    Amount orderAmount,
    Amount captured,
    Amount amount,
    long fee,
    Instant at) {

  public enum Kind {
    CAPTURE,
    REFUND
  }
}
