package com.payonce.workflows.order;

/**
 * A refund of one attempt.
 *
 * @param refundId the shop's refund id, or {@code auto-<attemptId>} for automatic refunds; the
 *     shop's ids and the automatic names are looked up apart, so neither can reach the other
 * @param refundNo the refund number sent to the channel, which dedups on it: {@code
 *     auto-<attemptId>} for automatic refunds (the orphan workflow uses the same), 32 hex digits
 *     made by the workflow for the shop's (the refund id itself for orders from before workflow
 *     version "hostile-inputs"; null in their histories)
 */
public record RefundView(
    String refundId,
    String attemptId,
    long amountMinor,
    RefundStatus status,
    RefundKind kind,
    String reason,
    long createdAtMillis,
    String refundNo) {}
