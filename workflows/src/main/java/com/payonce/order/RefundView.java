package com.payonce.order;

/**
 * A refund of one attempt.
 *
 * @param refundId the shop's refund id, or {@code auto-<attemptId>} for automatic refunds; also the
 *     refund number sent to the channel, which dedups on it
 */
public record RefundView(
    String refundId,
    String attemptId,
    long amountMinor,
    RefundStatus status,
    RefundKind kind,
    String reason,
    long createdAtMillis) {}
