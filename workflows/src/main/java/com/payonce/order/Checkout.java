package com.payonce.order;

/**
 * The workflow input: one order to be paid exactly once.
 *
 * @param expiresAtMillis epoch millis after which no attempt can be opened and open ones are closed
 */
public record Checkout(
    String orderId,
    String customerId,
    Money amount,
    String description,
    long createdAtMillis,
    long expiresAtMillis,
    PaymentTimings timings) {}
