package com.payonce.workflows.channel;

/** One payment attempt at one channel; the attempt id is the merchant order number there. */
public record PaymentRef(String channel, String attemptId) {}
