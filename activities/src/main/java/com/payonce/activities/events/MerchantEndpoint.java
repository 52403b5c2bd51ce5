package com.payonce.activities.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A shop's webhook endpoint.
 *
 * @param previousSecret the secret before the last rotation, still signing until {@code
 *     previousSecretUntil} (null: until the configuration changes it)
 * @param enabled false once deleted: its deliveries stay readable, no new ones are made
 */
public record MerchantEndpoint(
    String endpointId,
    String url,
    String secret,
    String previousSecret,
    Instant previousSecretUntil,
    boolean enabled,
    Instant createdAt) {

  /** The secrets that sign a delivery made now: the current one first. */
  public List<String> signingSecrets(Instant now) {
    List<String> secrets = new ArrayList<>(List.of(secret));
    if (previousSecret != null
        && (previousSecretUntil == null || now.isBefore(previousSecretUntil))) {
      secrets.add(previousSecret);
    }
    return secrets;
  }

  /** Records print every component; this one must not print a secret. */
  @Override
  public String toString() {
    return "MerchantEndpoint[" + endpointId + " " + url + ", enabled=" + enabled + "]";
  }
}
