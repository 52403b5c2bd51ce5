package com.payonce.sandbox.channel;

import com.payonce.sandbox.SandboxProperties;
import com.payonce.sandbox.webhook.WebhookDispatcher;
import java.time.Clock;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * The configured channels by name; a name that is not configured does not exist. Owns the one
 * daemon timer thread the channels share (asynchronous refunds, held-back webhooks).
 */
public final class SandboxChannels implements AutoCloseable {

  private final Map<String, PspSimulator> byName;
  private final ScheduledExecutorService timers;

  public SandboxChannels(Map<String, PspSimulator> byName, ScheduledExecutorService timers) {
    this.byName = Map.copyOf(byName);
    this.timers = timers;
  }

  public static SandboxChannels from(
      SandboxProperties properties, WebhookDispatcher webhooks, Clock clock) {
    ScheduledExecutorService timers =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-timers");
              thread.setDaemon(true);
              return thread;
            });
    return new SandboxChannels(
        properties.channels().entrySet().stream()
            .collect(
                Collectors.toMap(
                    Map.Entry::getKey,
                    entry ->
                        new PspSimulator(
                            entry.getKey(),
                            entry.getValue().webhookSecret(),
                            entry.getValue().defaultSettings(),
                            webhooks,
                            timers,
                            properties.webhookReorderMaxHold(),
                            clock))),
        timers);
  }

  public PspSimulator require(String name) {
    PspSimulator channel = name == null ? null : byName.get(name);
    if (channel == null) {
      throw new SandboxException(
          ErrorCode.UNKNOWN_CHANNEL,
          "no channel " + name + "; configured: " + new TreeSet<>(byName.keySet()));
    }
    return channel;
  }

  /** Pending asynchronous refunds and held-back webhooks are dropped, as on a crash. */
  @Override
  public void close() {
    timers.shutdownNow();
  }
}
