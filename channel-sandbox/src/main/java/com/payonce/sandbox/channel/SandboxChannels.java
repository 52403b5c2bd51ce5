package com.payonce.sandbox.channel;

import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.protocol.ChannelProtocol;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The configured channels by name; a name that is not configured does not exist. Owns the one
 * daemon timer thread the channels share (asynchronous refunds, held-back webhooks).
 */
public final class SandboxChannels implements AutoCloseable {

  /** One channel: the simulator, the protocol it speaks and the keys it speaks it with. */
  public record Configured(PspSimulator simulator, ChannelProtocol protocol, ChannelKeys keys) {}

  private final Map<String, Configured> byName;
  private final ScheduledExecutorService timers;

  public SandboxChannels(Map<String, Configured> byName, ScheduledExecutorService timers) {
    this.byName = Map.copyOf(byName);
    this.timers = timers;
  }

  /** The daemon thread the channels' timers run on; closed with this. */
  public static ScheduledExecutorService newTimers() {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, "sandbox-timers");
          thread.setDaemon(true);
          return thread;
        });
  }

  public PspSimulator require(String name) {
    Configured channel = name == null ? null : byName.get(name);
    if (channel == null) {
      throw new SandboxException(
          ErrorCode.UNKNOWN_CHANNEL,
          "no channel " + name + "; configured: " + new TreeSet<>(byName.keySet()));
    }
    return channel.simulator();
  }

  public Map<String, Configured> all() {
    return byName;
  }

  /** Pending asynchronous refunds and held-back webhooks are dropped, as on a crash. */
  @Override
  public void close() {
    timers.shutdownNow();
  }
}
