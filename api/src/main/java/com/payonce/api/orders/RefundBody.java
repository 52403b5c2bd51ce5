package com.payonce.api.orders;

import static com.payonce.api.orders.FieldPatterns.ID;
import static com.payonce.api.orders.FieldPatterns.ID_RULE;
import static com.payonce.api.orders.FieldPatterns.POSITIVE_AMOUNT;
import static com.payonce.api.orders.FieldPatterns.PRINTABLE_256;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** POST /api/v1/orders/{orderId}/refunds; repeating a refundId returns the same refund. */
record RefundBody(
    @NotNull @Pattern(regexp = ID, message = ID_RULE) String refundId,
    @NotNull
        @Pattern(
            regexp = POSITIVE_AMOUNT,
            message = "must be a positive decimal string like 10.00, at most 100000000")
        String amount,
    @Pattern(regexp = PRINTABLE_256, message = "must be at most 256 printable characters")
        String reason) {}
