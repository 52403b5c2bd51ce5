package com.payonce.sandbox;

import com.payonce.sandbox.channel.ChannelSettings;
import com.payonce.sandbox.channel.SandboxException;
import com.payonce.sandbox.channel.SettingsChange;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code payonce.sandbox.*}: which channels exist, the protocol each speaks, their default fault
 * settings, where their keys live, and how notifications are retried.
 *
 * @param enabled false removes the sandbox from the app entirely
 * @param channels channel name (the {@code {channel}} path segment) to its config; only these
 *     channels exist
 * @param keysDir where each channel's keys are made at first start and read back after
 * @param merchantSettingsDir when set, the merchant's side of every channel (ids, private key, the
 *     PSP's public key, ...) is also written there as a Spring config tree of payonce's {@code
 *     payonce.channels.<name>.*} settings, for a payonce that runs apart from the sandbox
 * @param webhookMaxAttempts deliveries tried per event, the first one included
 * @param webhookInitialBackoff wait before the second attempt; doubles after each failure
 * @param webhookReorderMaxHold with {@code webhookReorder} on, longest an event is held back
 *     waiting for the same order's next event to overtake it
 */
@ConfigurationProperties("payonce.sandbox")
public record SandboxProperties(
    @DefaultValue("true") boolean enabled,
    Map<String, Channel> channels,
    @DefaultValue("sandbox-keys") String keysDir,
    String merchantSettingsDir,
    @DefaultValue("8") int webhookMaxAttempts,
    @DefaultValue("500ms") Duration webhookInitialBackoff,
    @DefaultValue("2s") Duration webhookReorderMaxHold) {

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
    if (webhookReorderMaxHold == null || webhookReorderMaxHold.isNegative()) {
      throw new IllegalArgumentException(
          "payonce.sandbox.webhook-reorder-max-hold must not be negative");
    }
  }

  /**
   * One channel's configuration.
   *
   * @param protocol the PSP it speaks, {@code alipay} or {@code wechat}; by default the channel's
   *     name
   * @param settings optional fault settings in force at start and after {@code DELETE /settings}
   *     ({@code payonce.sandbox.channels.<name>.settings.webhook-drop-rate=0.1}, ...); what is not
   *     set keeps its built-in default
   */
  public record Channel(String protocol, SettingsChange settings) {

    public Channel {
      settings = settings == null ? SettingsChange.NONE : settings;
      try {
        ChannelSettings.DEFAULTS.with(settings);
      } catch (SandboxException e) {
        throw new IllegalArgumentException(
            "invalid payonce.sandbox.channels.<name>.settings: " + e.getMessage(), e);
      }
    }

    /** The built-in defaults with the configured settings applied. */
    public ChannelSettings defaultSettings() {
      return ChannelSettings.DEFAULTS.with(settings);
    }

    public String protocolOr(String channelName) {
      return protocol == null || protocol.isBlank() ? channelName : protocol;
    }
  }
}
