package com.payonce.sandbox.channel;

import com.payonce.sandbox.SandboxProperties;
import com.payonce.sandbox.webhook.WebhookDispatcher;
import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The configured channels by name; a name that is not configured does not exist. */
public final class SandboxChannels {

  private final Map<String, SandboxChannel> byName;

  public SandboxChannels(Map<String, SandboxChannel> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static SandboxChannels from(
      SandboxProperties properties, WebhookDispatcher webhooks, Clock clock) {
    return new SandboxChannels(
        properties.channels().entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    entry ->
                        new SandboxChannel(
                            entry.getKey(), entry.getValue().webhookSecret(), webhooks, clock))));
  }

  public SandboxChannel require(String name) {
    SandboxChannel channel = name == null ? null : byName.get(name);
    if (channel == null) {
      throw new SandboxException(
          ErrorCode.UNKNOWN_CHANNEL,
          "no channel " + name + "; configured: " + new TreeSet<>(byName.keySet()));
    }
    return channel;
  }
}
