package com.payonce.sandbox.channel;

import java.time.Instant;

/**
 * A refund the channel accepted; {@code reason} may be null.
 *
 * @param requestedAt when the channel accepted it
 * @param refundedAt when the money went back; null while PROCESSING
 */
public record RefundRecord(
    String refundNo,
    Amount amount,
    String reason,
    PspRefundStatus status,
    Instant requestedAt,
    Instant refundedAt) {

  static RefundRecord succeeded(String refundNo, Amount amount, String reason, Instant now) {
    return new RefundRecord(refundNo, amount, reason, PspRefundStatus.SUCCEEDED, now, now);
  }

  static RefundRecord processing(String refundNo, Amount amount, String reason, Instant now) {
    return new RefundRecord(refundNo, amount, reason, PspRefundStatus.PROCESSING, now, null);
  }

  RefundRecord succeededAt(Instant now) {
    return new RefundRecord(refundNo, amount, reason, PspRefundStatus.SUCCEEDED, requestedAt, now);
  }
}
