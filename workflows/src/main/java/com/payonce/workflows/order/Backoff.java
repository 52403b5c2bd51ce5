package com.payonce.workflows.order;

import java.time.Duration;

/**
 * A delay that doubles after each time, up to a maximum (or without bound), and the next time it is
 * due: every poll, check and sweep of the workflows, and the orphan's waits. The order carries
 * {@link #delay} and {@link #nextAtMillis} into its next run ({@link OrderClocks}).
 */
public final class Backoff {
  static final long NEVER = Long.MAX_VALUE;

  private final Duration initial;
  private final Duration max; // null: doubles without bound
  private Duration delay;
  private long nextAtMillis = NEVER;

  /**
   * @param max the longest delay; null: it doubles without bound
   */
  public Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.delay = initial;
  }

  /** A schedule a previous run carried over. */
  Backoff(Duration initial, Duration max, long delayMillis, long nextAtMillis) {
    this(initial, max);
    this.delay = Duration.ofMillis(delayMillis);
    this.nextAtMillis = nextAtMillis;
  }

  long nextAtMillis() {
    return nextAtMillis;
  }

  public Duration delay() {
    return delay;
  }

  boolean due(long nowMillis) {
    return nowMillis >= nextAtMillis;
  }

  /** From the start: the first delay from now. */
  void restart(long nowMillis) {
    delay = initial;
    nextAtMillis = nowMillis + delay.toMillis();
  }

  /** Starts from the first delay unless a time is already planned. */
  void restartIfIdle(long nowMillis) {
    if (nextAtMillis == NEVER) {
      restart(nowMillis);
    }
  }

  /**
   * Plans the current delay from now unless a time is already planned, no later than {@code by}.
   */
  void scheduleIfIdle(long nowMillis, long byMillis) {
    if (nextAtMillis == NEVER) {
      nextAtMillis = Math.min(nowMillis + delay.toMillis(), byMillis);
    }
  }

  /** After asking: doubles the delay, and plans the next time if there is more to ask. */
  void doubled(long nowMillis, boolean again) {
    grow();
    nextAtMillis = again ? nowMillis + delay.toMillis() : NEVER;
  }

  /** Doubles the delay, up to the maximum. */
  public void grow() {
    Duration twice = delay.multipliedBy(2);
    delay = max == null || twice.compareTo(max) <= 0 ? twice : max;
  }

  /** Nothing planned, and the next start is from the first delay. */
  void reset() {
    delay = initial;
    nextAtMillis = NEVER;
  }
}
