package com.payonce.workflows.order;

/** A refund asked for by the shop; idempotent on refundId. */
public record RefundRequest(String refundId, long amountMinor, String reason) {}
