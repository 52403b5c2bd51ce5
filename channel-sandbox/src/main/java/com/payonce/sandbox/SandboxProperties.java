package com.payonce.sandbox;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code payonce.sandbox.*}: which channels exist and how webhooks are retried.
 *
 * @param enabled false removes the sandbox from the app entirely
 * @param channels channel name (the {@code {channel}} path segment) to its config; only these
 *     channels exist. Secrets come from configuration only: none are built in
 * @param webhookMaxAttempts deliveries tried per event, the first one included
 * @param webhookInitialBackoff wait before the second attempt; doubles after each failure
 */
@ConfigurationProperties("payonce.sandbox")
public record SandboxProperties(
    @DefaultValue("true") boolean enabled,
    Map<String, Channel> channels,
    @DefaultValue("8") int webhookMaxAttempts,
    @DefaultValue("500ms") Duration webhookInitialBackoff) {

  public SandboxProperties {
    channels = channels == null ? Map.of() : Map.copyOf(channels);
    if (webhookMaxAttempts < 1) {
      throw new IllegalArgumentException("payonce.sandbox.webhook-max-attempts must be at least 1");
    }
    if (webhookInitialBackoff == null
        || webhookInitialBackoff.isNegative()
        || webhookInitialBackoff.isZero()) {
      throw new IllegalArgumentException(
          "payonce.sandbox.webhook-initial-backoff must be a positive duration");
    }
  }

  /**
   * One channel's configuration.
   *
   * @param webhookSecret the HMAC key its webhooks are signed with; never logged
   */
  public record Channel(String webhookSecret) {

    public Channel {
      if (webhookSecret == null || webhookSecret.isBlank()) {
        throw new IllegalArgumentException(
            "every payonce.sandbox.channels.<name>.webhook-secret must be set");
      }
    }

    /** Records print every component; this one must not print the secret. */
    @Override
    public String toString() {
      return "Channel[webhookSecret=<redacted>]";
    }
  }
}
