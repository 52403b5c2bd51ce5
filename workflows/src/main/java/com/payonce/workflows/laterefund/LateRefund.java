package com.payonce.workflows.laterefund;

/**
 * A refund the shop asks for after its order's workflow has ended; idempotent on (orderId,
 * refundId), like a refund inside the order.
 */
public record LateRefund(String orderId, String refundId, long amountMinor, String reason) {}
