package com.payonce.api.orders;

import jakarta.validation.constraints.NotBlank;

/** POST /api/v1/orders/{orderId}/payments. */
record PayBody(@NotBlank String channel) {}
