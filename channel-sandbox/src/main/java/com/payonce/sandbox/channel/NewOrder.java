package com.payonce.sandbox.channel;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated create request.
 *
 * @param description free text, may be null
 * @param notifyUrl where webhooks go; null sends none
 * @param expiresAt after this the order can no longer be paid; null never expires
 */
public record NewOrder(
    String merchantOrderNo, Amount amount, String description, URI notifyUrl, Instant expiresAt) {

  public NewOrder {
    Identifiers.require(merchantOrderNo, "merchantOrderNo");
    Objects.requireNonNull(amount, "amount");
    if (notifyUrl != null
        && !("http".equals(notifyUrl.getScheme()) || "https".equals(notifyUrl.getScheme()))) {
      throw SandboxException.invalid("notifyUrl must be an absolute http(s) URL");
    }
  }
}
