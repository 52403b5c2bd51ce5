package com.payonce.api.orders;

import static com.payonce.api.orders.Ids.ID;
import static com.payonce.api.orders.Ids.ID_RULE;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** POST /api/v1/orders/{orderId}/refunds; repeating a refundId returns the same refund. */
record RefundBody(
    @NotNull @Pattern(regexp = ID, message = ID_RULE) String refundId,
    @NotNull
        @Pattern(
            regexp = "\\d{1,15}(\\.\\d{1,4})?",
            message = "must be a decimal string like 10.00")
        String amount,
    @Pattern(regexp = "[^\\p{Cntrl}]{0,256}", message = "must be at most 256 printable characters")
        String reason) {}
