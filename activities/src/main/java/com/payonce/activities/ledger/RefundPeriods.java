package com.payonce.activities.ledger;

import java.time.Duration;
import java.util.Map;

/**
 * How long after a capture each channel (by configured name) still takes a refund of it.
 *
 * @param byChannel the configured periods; a channel not in it (no longer configured) gets {@link
 *     #FALLBACK}
 */
public record RefundPeriods(Map<String, Duration> byChannel) {
  /** WeChat Pay's documented period, and Alipay's usual contract: a year after the payment. */
  public static final Duration FALLBACK = Duration.ofDays(365);

  public RefundPeriods {
    byChannel = Map.copyOf(byChannel);
  }

  public Duration of(String channel) {
    return byChannel.getOrDefault(channel, FALLBACK);
  }
}
