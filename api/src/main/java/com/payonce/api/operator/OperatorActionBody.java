package com.payonce.api.operator;

import static com.payonce.api.orders.FieldPatterns.PRINTABLE_128;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Who acts on an item and why, for its audit trail.
 *
 * @param operator the person (the console fills in who is logged in)
 * @param note up to 1,000 characters; line breaks and tabs allowed, other control characters not
 */
record OperatorActionBody(
    @NotNull @Pattern(regexp = PRINTABLE_128, message = "must be 1 to 128 printable characters")
        String operator,
    @Pattern(
            regexp = "^[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]{0,1000}$",
            message = "must be at most 1000 characters without control characters")
        String note) {}
