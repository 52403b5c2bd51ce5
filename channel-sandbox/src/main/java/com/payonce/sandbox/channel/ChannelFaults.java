package com.payonce.sandbox.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel's fault settings, its one random source, and the count of faults it injected.
 *
 * <p>Every random decision of the channel is drawn here, under this object's lock, from a {@link
 * SplittableRandom} seeded with {@link ChannelSettings#seed()} and reseeded whenever the settings
 * are changed or reset. A draw is only made for a rate strictly between 0 and 1 or a delay range
 * wider than one value, so the same settings and the same sequence of calls make the same
 * decisions: a failing run can be replayed from its seed.
 */
final class ChannelFaults {

  private static final Logger log = LoggerFactory.getLogger(ChannelFaults.class);

  private final String channel;
  private final ChannelSettings defaults;
  private final Map<Fault, AtomicLong> counts = new EnumMap<>(Fault.class);

  private ChannelSettings settings;
  private SplittableRandom random;

  ChannelFaults(String channel, ChannelSettings defaults) {
    this.channel = channel;
    this.defaults = defaults;
    for (Fault fault : Fault.values()) {
      counts.put(fault, new AtomicLong());
    }
    install(defaults);
  }

  synchronized ChannelSettings settings() {
    return settings;
  }

  /** Merges the change (validated as a whole) and restarts the random sequence from the seed. */
  synchronized ChannelSettings change(SettingsChange change) {
    install(settings.with(change));
    return settings;
  }

  /** Back to the configured defaults, random sequence restarted. */
  synchronized ChannelSettings reset() {
    install(defaults);
    return settings;
  }

  private void install(ChannelSettings next) {
    settings = next;
    random = new SplittableRandom(next.seed());
  }

  /** What a create will suffer; the timeout is only drawn when the create does not fail. */
  synchronized CreatePlan planCreate() {
    boolean error = chance(settings.createErrorRate());
    boolean timeout = !error && chance(settings.createTimeoutAfterCommitRate());
    return new CreatePlan(settings.createLatencyMs(), error, timeout, settings.timeoutMs());
  }

  synchronized ClosePlan planClose() {
    boolean refuse = chance(settings.closeRefusedRate());
    boolean timeout = chance(settings.closeTimeoutRate());
    return new ClosePlan(settings.closeHonored(), refuse, timeout, settings.timeoutMs());
  }

  synchronized boolean tamperAmount() {
    return chance(settings.amountTamperRate());
  }

  /** Throttling is only drawn when the refund does not fail. */
  synchronized RefundPlan planRefund() {
    boolean fail = chance(settings.refundFailureRate());
    boolean throttle = !fail && chance(settings.refundThrottleRate());
    return new RefundPlan(fail, throttle, settings.refundAsync(), settings.refundDelayMs());
  }

  /** What happens to one webhook event: dropped, or sent as 1 + duplicates copies, each delayed. */
  synchronized WebhookPlan planWebhook() {
    if (chance(settings.webhookDropRate())) {
      return new WebhookPlan(true, List.of(), false);
    }
    List<Duration> delays = new ArrayList<>();
    for (int copy = 0; copy <= settings.webhookDuplicates(); copy++) {
      delays.add(
          Duration.ofMillis(between(settings.webhookDelayMinMs(), settings.webhookDelayMaxMs())));
    }
    return new WebhookPlan(false, List.copyOf(delays), settings.webhookReorder());
  }

  synchronized long queryLagMs() {
    return settings.queryLagMs();
  }

  /** Counts the fault and logs it; {@code detail} must hold no secret. */
  void record(Fault fault, String merchantOrderNo, String detail) {
    counts.get(fault).incrementAndGet();
    log.info(
        "Sandbox fault {} on channel {} order {}{}",
        fault.key(),
        channel,
        merchantOrderNo,
        detail == null ? "" : ": " + detail);
  }

  /** Every kind of fault with how often it was injected, in a stable order. */
  Map<String, Long> counts() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    counts.forEach((fault, count) -> snapshot.put(fault.key(), count.get()));
    return snapshot;
  }

  void resetCounts() {
    counts.values().forEach(count -> count.set(0));
  }

  private boolean chance(double rate) {
    if (rate <= 0.0) {
      return false;
    }
    if (rate >= 1.0) {
      return true;
    }
    return random.nextDouble() < rate;
  }

  private long between(long min, long max) {
    return min >= max ? min : random.nextLong(min, max + 1);
  }

  record CreatePlan(long latencyMs, boolean error, boolean timeoutAfterCommit, long timeoutMs) {}

  record ClosePlan(boolean honored, boolean refuse, boolean timeout, long timeoutMs) {}

  record RefundPlan(boolean fail, boolean throttle, boolean async, long delayMs) {}

  record WebhookPlan(boolean drop, List<Duration> delays, boolean reorder) {

    /** The same plan with every delivery delayed {@code extraMs} more (an order's own fault). */
    WebhookPlan delayedBy(long extraMs) {
      if (extraMs <= 0) {
        return this;
      }
      return new WebhookPlan(
          drop, delays.stream().map(d -> d.plusMillis(extraMs)).toList(), reorder);
    }

    static final WebhookPlan PLAIN = new WebhookPlan(false, List.of(Duration.ZERO), false);
  }
}
