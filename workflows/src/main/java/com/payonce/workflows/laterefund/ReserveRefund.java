package com.payonce.workflows.laterefund;

/**
 * @param refundNo the number the channel will dedup the refund on, made by the workflow
 */
public record ReserveRefund(
    String orderId,
    String refundId,
    String refundNo,
    long amountMinor,
    String reason,
    long requestedAtMillis) {}
