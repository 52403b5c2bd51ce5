package com.payonce.workflows.channel;

import com.payonce.workflows.money.Money;

/** Refund part of a capture; the channel dedups on (attempt id, refund number). */
public record RefundPayment(
    String channel, String attemptId, String refundNo, Money amount, String reason) {}
