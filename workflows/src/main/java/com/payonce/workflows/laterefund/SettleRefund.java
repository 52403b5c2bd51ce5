package com.payonce.workflows.laterefund;

import com.payonce.workflows.order.RefundStatus;

/**
 * @param status PROCESSING, SUCCEEDED or FAILED
 * @param reason why it failed; null otherwise
 */
public record SettleRefund(String orderId, String refundId, RefundStatus status, String reason) {}
