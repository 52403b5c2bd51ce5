package com.payonce.api.orders;

import static com.payonce.api.orders.Ids.ID;
import static com.payonce.api.orders.Ids.ID_RULE;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/** POST /api/v1/orders. The amount is a decimal string ("99.90"): never a binary float. */
record CheckoutBody(
    @NotNull @Pattern(regexp = ID, message = ID_RULE) String orderId,
    @NotNull
        @Pattern(regexp = "[^\\p{Cntrl}]{1,128}", message = "must be 1 to 128 printable characters")
        String customerId,
    @NotNull
        @Pattern(
            regexp = "\\d{1,15}(\\.\\d{1,4})?",
            message = "must be a decimal string like 99.90")
        String amount,
    @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code like CNY")
        String currency,
    @Pattern(regexp = "[^\\p{Cntrl}]{0,256}", message = "must be at most 256 printable characters")
        String description,
    @Positive Long expiresInSeconds) {}
