package com.payonce.channel;

import com.payonce.order.Money;

/** Refund part of a capture; the channel dedups on (attempt id, refund number). */
public record RefundPayment(
    String channel, String attemptId, String refundNo, Money amount, String reason) {}
