package com.payonce.workflows.channel;

import com.payonce.workflows.money.Money;

/** Create a channel order; the channel dedups on the attempt id, so a retry creates nothing new. */
public record CreatePayment(
    String channel,
    String attemptId,
    String orderId,
    Money amount,
    String description,
    long expiresAtMillis) {}
