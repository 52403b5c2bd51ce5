package com.payonce.workflows.order;

/**
 * One payment attempt as the order sees it.
 *
 * @param attemptId also the merchant order number sent to the channel
 * @param note why the attempt ended as it did, when that is not obvious (refunded duplicate, ...)
 */
public record AttemptView(
    String attemptId,
    String channel,
    AttemptStatus status,
    String channelOrderId,
    String payUrl,
    long createdAtMillis,
    long capturedMinor,
    long refundedMinor,
    String note) {}
