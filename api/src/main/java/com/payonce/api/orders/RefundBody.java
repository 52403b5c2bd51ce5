package com.payonce.api.orders;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** POST /api/v1/orders/{orderId}/refunds; repeating a refundId returns the same refund. */
record RefundBody(
    @NotNull @Pattern(regexp = "[A-Za-z0-9._:-]{1,64}", message = "must match [A-Za-z0-9._:-]{1,64}")
        String refundId,
    @NotNull
        @Pattern(regexp = "\\d{1,15}(\\.\\d{1,4})?", message = "must be a decimal string like 10.00")
        String amount,
    @Pattern(regexp = "[^\\p{Cntrl}]{0,256}", message = "must be at most 256 printable characters")
        String reason) {}
