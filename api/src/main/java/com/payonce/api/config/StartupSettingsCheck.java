package com.payonce.api.config;

import com.payonce.api.ops.OpsPasswords;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Fails closed: the built-in development values and the simulator are for a local run only ({@link
 * ConfiguredParts}). With a real Temporal or PostgreSQL configured, the app refuses to start with
 * the built-in API key, a built-in webhook secret or the ops console's built-in password, and the
 * sandbox is off unless {@code PAYONCE_SANDBOX_ENABLED=true} turns it on. In any run, a channel
 * without a base URL needs the sandbox, which stands in for it. Runs before any bean exists, so a
 * refused start has started nothing (no embedded server, no worker). Messages name settings, never
 * their values.
 */
class StartupSettingsCheck implements EnvironmentPostProcessor, Ordered {
  /** Derived here, not configurable: application.yaml defaults the sandbox to it. */
  static final String LOCAL_RUN = "payonce.local-run";

  static final String SANDBOX_ENABLED = "payonce.sandbox.enabled";

  static final String OPS_ENABLED = "payonce.ops.enabled";

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication app) {
    ConfiguredParts parts = ConfiguredParts.of(environment);
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(LOCAL_RUN, Map.of(LOCAL_RUN, Boolean.toString(parts.local()))));

    Binder binder = Binder.get(environment);
    boolean sandbox = binder.bind(SANDBOX_ENABLED, Boolean.class).orElse(true);
    Map<String, PayonceProperties.Channel> channels =
        binder
            .bind("payonce.channels", Bindable.mapOf(String.class, PayonceProperties.Channel.class))
            .orElse(Map.of());
    List<String> problems = new ArrayList<>();
    if (!parts.local()
        && DevelopmentValues.isOne(binder.bind("payonce.api-key", String.class).orElse(""))) {
      problems.add(
          "PAYONCE_API_KEY (payonce.api-key) is the built-in development key: set a key of your"
              + " own");
    }
    if (!parts.local()
        && DevelopmentValues.isOne(
            binder.bind("payonce.client-secret-key", String.class).orElse(""))) {
      problems.add(
          "PAYONCE_CLIENT_SECRET_KEY (payonce.client-secret-key) is the built-in development key:"
              + " anyone could make any order's client secret; set a random key of your own");
    }
    problems.addAll(opsConsoleProblems(binder, parts));
    if (!binder.bind("payonce.merchant-events.endpoint-url", String.class).orElse("").isBlank()
        && binder
            .bind("payonce.merchant-events.endpoint-secret", String.class)
            .orElse("")
            .isBlank()) {
      problems.add(
          "PAYONCE_MERCHANT_EVENTS_ENDPOINT_SECRET (payonce.merchant-events.endpoint-secret) is"
              + " empty while an endpoint URL is set: its deliveries could not be signed");
    }
    channels.forEach(
        (name, channel) -> {
          String prefix = "payonce.channels." + name;
          String env = name.toUpperCase(Locale.ROOT);
          problems.addAll(ChannelRequirements.problems(name, channel));
          if (!sandbox && channel.embedded()) {
            problems.add(
                ("%s_BASE_URL (%s.base-url) is empty, which means the embedded sandbox, and the"
                        + " sandbox is off: set the channel's API address, or"
                        + " PAYONCE_SANDBOX_ENABLED=true to serve the simulator from this app")
                    .formatted(env, prefix));
          }
        });
    String publicUrl = binder.bind("payonce.public-url", String.class).orElse("");
    if (publicUrl.isBlank() && channels.values().stream().anyMatch(c -> !c.embedded())) {
      problems.add(
          "PAYONCE_PUBLIC_URL (payonce.public-url) is empty: a channel of its own would be told to"
              + " send its notifications to this host's loopback address; set the address it"
              + " reaches payonce at");
    }
    if (!problems.isEmpty()) {
      throw new UnsafeSettingsException(parts, problems);
    }
  }

  /**
   * The console's one account guards every order and the operator's actions: off a local run it
   * needs a password of its own, or the console turned off.
   */
  private static List<String> opsConsoleProblems(Binder binder, ConfiguredParts parts) {
    if (!binder.bind(OPS_ENABLED, Boolean.class).orElse(true)) {
      return List.of();
    }
    String password = binder.bind("payonce.ops.password", String.class).orElse("");
    if (OpsPasswords.isHash(password) && !OpsPasswords.isWellFormedHash(password)) {
      return List.of(
          "PAYONCE_OPS_PASSWORD (payonce.ops.password) starts with {bcrypt} but is no bcrypt hash:"
              + " nobody could log in to the ops console");
    }
    if (!parts.local() && (password.isBlank() || DevelopmentValues.isOpsPassword(password))) {
      return List.of(
          "PAYONCE_OPS_PASSWORD (payonce.ops.password) is empty or the built-in development"
              + " password: set a password of your own (or its {bcrypt} hash), or"
              + " PAYONCE_OPS_ENABLED=false to turn the ops console off");
    }
    return List.of();
  }

  /** After application.yaml and the environment are loaded. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
