package com.payonce.api.ops;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ops console (/ops): one operator account from configuration.
 *
 * @param enabled false turns the console off: every /ops path is a plain 404 (env
 *     PAYONCE_OPS_ENABLED)
 * @param username the operator's login name (env PAYONCE_OPS_USERNAME)
 * @param password the operator's password, or its hash as {@code {bcrypt}$2a$...} (env
 *     PAYONCE_OPS_PASSWORD); a plain one is hashed at start and kept only as the hash
 * @param temporalUiUrl the Temporal Web UI each order page links its workflow in
 * @param loginFailures failed logins an account may have within {@code loginLockout}; past them
 *     every login, the right password included, is refused until the window refills
 * @param channelDeadline how long an order page waits for the channels' live answers before it
 *     shows them unavailable
 */
@Validated
@ConfigurationProperties("payonce.ops")
public record OpsProperties(
    @DefaultValue("true") boolean enabled,
    @NotBlank String username,
    String password,
    @DefaultValue("http://localhost:8233") @NotBlank String temporalUiUrl,
    @DefaultValue("5") @Positive long loginFailures,
    @DefaultValue("15m") @DurationMin(seconds = 1) Duration loginLockout,
    @DefaultValue("3s") @DurationMin(millis = 100) Duration channelDeadline) {

  /** Records print every component; this one must not print the password. */
  @Override
  public String toString() {
    return "OpsProperties[enabled=" + enabled + ", username=" + username + "]";
  }
}
