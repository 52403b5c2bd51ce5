package com.payonce.api.orders;

import static com.payonce.api.orders.FieldPatterns.AMOUNT;
import static com.payonce.api.orders.FieldPatterns.ID;
import static com.payonce.api.orders.FieldPatterns.ID_RULE;
import static com.payonce.api.orders.FieldPatterns.PRINTABLE_128;
import static com.payonce.api.orders.FieldPatterns.PRINTABLE_256;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;

/** POST /api/v1/orders. The amount is a decimal string ("99.90"): never a binary float. */
record CheckoutBody(
    @NotNull @Pattern(regexp = ID, message = ID_RULE) String orderId,
    @NotNull @Pattern(regexp = PRINTABLE_128, message = "must be 1 to 128 printable characters")
        String customerId,
    @NotNull @Pattern(regexp = AMOUNT, message = "must be a decimal string like 99.90")
        String amount,
    @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code like CNY")
        String currency,
    @Pattern(regexp = PRINTABLE_256, message = "must be at most 256 printable characters")
        String description,
    // a number, as JSON Schema's integer is: 600 and 600.0 alike, never 1.5 (OrderService)
    @Min(1) BigDecimal expiresInSeconds) {}
