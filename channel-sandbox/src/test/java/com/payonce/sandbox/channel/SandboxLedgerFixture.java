package com.payonce.sandbox.channel;

import com.payonce.sandbox.webhook.Notification;
import com.payonce.sandbox.webhook.NotificationFormat;
import com.payonce.sandbox.webhook.PspWebhookEvent;
import com.payonce.sandbox.webhook.WebhookDispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A channel with a hand-set clock and a known day of money, for the bill files' known-answer tests:
 * on 2026-11-26 (China time) o-1 captures 100.00 at 20:00:00, o-2 captures 25.50 at 20:00:05, and
 * r-1 refunds 10.00 of o-2 at 20:01:00. No notify URL: nothing is sent.
 */
public final class SandboxLedgerFixture implements AutoCloseable {

  public static final Instant DAY_START = Instant.parse("2026-11-25T16:00:00Z");

  private final SetClock clock = new SetClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final ScheduledExecutorService timers = SandboxChannels.newTimers();
  private final WebhookDispatcher webhooks = new WebhookDispatcher(1, Duration.ofMillis(10));
  public final PspSimulator simulator;

  public SandboxLedgerFixture() {
    NotificationFormat none =
        new NotificationFormat() {
          @Override
          public Notification encode(PspWebhookEvent event, PspOrderSnapshot order) {
            throw new AssertionError("no notification expected");
          }

          @Override
          public boolean acknowledged(int status, String body) {
            return true;
          }
        };
    simulator =
        new PspSimulator(
            "fixture",
            none,
            ChannelSettings.DEFAULTS,
            webhooks,
            timers,
            Duration.ofSeconds(1),
            clock);
    Currency cny = Currency.getInstance("CNY");
    simulator.create(new NewOrder("o-1", Amount.parse("100.00", cny), null, null, null));
    simulator.create(new NewOrder("o-2", Amount.parse("25.50", cny), null, null, null));
    simulator.pay("o-1", null);
    clock.at(Instant.parse("2026-11-26T12:00:05Z"));
    simulator.pay("o-2", null);
    clock.at(Instant.parse("2026-11-26T12:01:00Z"));
    simulator.refund("o-2", "r-1", "10.00", null);
    clock.at(Instant.parse("2026-11-27T01:00:00Z")); // 09:00 the next morning in China
  }

  public String channelOrderId(String merchantOrderNo) {
    return simulator.find(merchantOrderNo).channelOrderId();
  }

  @Override
  public void close() {
    webhooks.close();
    timers.shutdownNow();
  }

  private static final class SetClock extends Clock {
    private volatile Instant now;

    SetClock(Instant now) {
      this.now = now;
    }

    void at(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
