package com.payonce.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payonce.activities.events.MerchantEndpoint;
import java.time.Instant;

/**
 * A webhook endpoint. Its secret is shown once, in the answer that made it (registration or
 * rotation), as Stripe does; listings never carry it.
 *
 * @param previousSecretExpiresAt until then the secret before the last rotation signs too
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EndpointResponse(
    String endpointId,
    String url,
    boolean enabled,
    Instant createdAt,
    String secret,
    Instant previousSecretExpiresAt) {

  static EndpointResponse listed(MerchantEndpoint e) {
    return new EndpointResponse(
        e.endpointId(), e.url(), e.enabled(), e.createdAt(), null, e.previousSecretUntil());
  }

  static EndpointResponse withSecret(MerchantEndpoint e) {
    return new EndpointResponse(
        e.endpointId(), e.url(), e.enabled(), e.createdAt(), e.secret(), e.previousSecretUntil());
  }
}
