package com.payonce.api.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** POST /api/v1/webhook-endpoints: where the shop wants its events. */
record EndpointBody(@NotBlank @Size(max = 2048) String url) {}
