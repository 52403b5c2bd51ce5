package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The doubling delay of the workflows' polls, checks and sweeps, without Temporal. */
class BackoffTest {
  private static final Duration INITIAL = Duration.ofSeconds(15);
  private static final Duration MAX = Duration.ofMinutes(2);

  @Test
  void aNewBackoff_plansNothing_andStartsFromTheFirstDelay() {
    Backoff backoff = new Backoff(INITIAL, MAX);

    assertThat(backoff.nextAtMillis()).isEqualTo(Backoff.NEVER);
    assertThat(backoff.due(Long.MAX_VALUE - 1)).isFalse();
    assertThat(backoff.delay()).isEqualTo(INITIAL);
  }

  @Test
  void restart_plansTheFirstDelayFromNow_evenAfterItGrew() {
    Backoff backoff = new Backoff(INITIAL, MAX);
    backoff.doubled(0, true);
    backoff.doubled(30_000, true);

    backoff.restart(100_000);

    assertThat(backoff.delay()).isEqualTo(INITIAL);
    assertThat(backoff.nextAtMillis()).isEqualTo(115_000);
    assertThat(backoff.due(114_999)).isFalse();
    assertThat(backoff.due(115_000)).isTrue();
  }

  @Test
  void restartIfIdle_startsOnlyWhenNothingIsPlanned() {
    Backoff backoff = new Backoff(INITIAL, MAX);

    backoff.restartIfIdle(1_000);
    assertThat(backoff.nextAtMillis()).isEqualTo(16_000);

    backoff.restartIfIdle(5_000);
    assertThat(backoff.nextAtMillis()).as("the planned time stays").isEqualTo(16_000);

    backoff.doubled(16_000, false); // asked, nothing more to ask: idle, delay 30s
    backoff.restartIfIdle(20_000);
    assertThat(backoff.delay()).as("from the first delay").isEqualTo(INITIAL);
    assertThat(backoff.nextAtMillis()).isEqualTo(35_000);
  }

  @Test
  void scheduleIfIdle_keepsTheGrownDelay_unlikeRestartIfIdle_andIsCappedByItsDeadline() {
    Backoff backoff = new Backoff(INITIAL, MAX);
    backoff.doubled(0, false); // 30s, idle
    backoff.doubled(0, false); // 60s, idle

    backoff.scheduleIfIdle(1_000, Long.MAX_VALUE);
    assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(backoff.nextAtMillis()).isEqualTo(61_000);

    backoff.scheduleIfIdle(2_000, 3_000);
    assertThat(backoff.nextAtMillis()).as("already planned: unchanged").isEqualTo(61_000);

    Backoff capped = new Backoff(INITIAL, MAX);
    capped.scheduleIfIdle(1_000, 10_000);
    assertThat(capped.nextAtMillis()).as("no later than the deadline").isEqualTo(10_000);
  }

  @Test
  void doubled_withAMaximum_growsUpToItAndStaysThere() {
    Backoff backoff = new Backoff(INITIAL, MAX);
    backoff.restart(0);
    long now = 0;
    long[] delays = new long[6];
    for (int i = 0; i < delays.length; i++) {
      now = backoff.nextAtMillis();
      backoff.doubled(now, true);
      delays[i] = backoff.nextAtMillis() - now;
    }

    assertThat(delays).containsExactly(30_000, 60_000, 120_000, 120_000, 120_000, 120_000);
    assertThat(backoff.delay()).isEqualTo(MAX);
  }

  @Test
  void doubled_withoutAMaximum_keepsDoubling() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), null);

    for (int i = 0; i < 20; i++) {
      backoff.doubled(0, true);
    }

    assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(1 << 20));
    assertThat(backoff.nextAtMillis()).isEqualTo((1L << 20) * 1_000);
  }

  @Test
  void doubled_withNothingMoreToAsk_plansNothing_butStillGrows() {
    Backoff backoff = new Backoff(INITIAL, MAX);
    backoff.restart(0);

    backoff.doubled(15_000, false);

    assertThat(backoff.nextAtMillis()).isEqualTo(Backoff.NEVER);
    assertThat(backoff.due(Long.MAX_VALUE - 1)).isFalse();
    assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void grow_stopsAtTheMaximum_evenWhenDoublingWouldPassIt() {
    Backoff backoff = new Backoff(INITIAL, Duration.ofSeconds(100));

    backoff.grow();
    backoff.grow();
    assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(60));
    backoff.grow();
    assertThat(backoff.delay()).as("not 120s").isEqualTo(Duration.ofSeconds(100));
    backoff.grow();
    assertThat(backoff.delay()).isEqualTo(Duration.ofSeconds(100));
    assertThat(backoff.nextAtMillis()).as("grow plans nothing").isEqualTo(Backoff.NEVER);
  }

  @Test
  void reset_plansNothing_andTheNextStartIsFromTheFirstDelay() {
    Backoff backoff = new Backoff(INITIAL, MAX);
    backoff.restart(0);
    backoff.doubled(15_000, true);
    backoff.doubled(45_000, true);

    backoff.reset();

    assertThat(backoff.nextAtMillis()).isEqualTo(Backoff.NEVER);
    assertThat(backoff.delay()).isEqualTo(INITIAL);
    backoff.scheduleIfIdle(100_000, Long.MAX_VALUE);
    assertThat(backoff.nextAtMillis()).isEqualTo(115_000);
  }

  @Test
  void aCarriedSchedule_keepsItsDelayAndNextTime() {
    Backoff carried = new Backoff(INITIAL, MAX, 60_000, 500_000);

    assertThat(carried.delay()).isEqualTo(Duration.ofSeconds(60));
    assertThat(carried.nextAtMillis()).isEqualTo(500_000);
    carried.restartIfIdle(0);
    assertThat(carried.nextAtMillis()).as("planned: not restarted").isEqualTo(500_000);
    carried.doubled(500_000, true);
    assertThat(carried.nextAtMillis()).isEqualTo(620_000);
  }
}
