package com.payonce.workflows.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Finding 9: a capture near Long.MAX_VALUE overflowed the order's totals. */
class MoneyTest {

  @Test
  void theMaximumIsAHundredMillionMajorUnitsOfTheCurrency() {
    assertThat(Money.maxMinor("CNY")).isEqualTo(10_000_000_000L);
    assertThat(Money.maxMinor("JPY")).isEqualTo(100_000_000L);
    assertThat(Money.maxMinor("KWD")).isEqualTo(100_000_000_000L);
    assertThat(Money.ofDecimal("100000000.00", "CNY").minor()).isEqualTo(10_000_000_000L);
  }

  @Test
  void anAmountAboveTheMaximumIsHeld_soThatACaptureOfItCanBeRefunded() {
    assertThat(Money.ofDecimal("100000000.00", "CNY").aboveMaximum()).isFalse();
    assertThat(Money.ofDecimal("100000000.01", "CNY").aboveMaximum()).isTrue();
  }

  @Test
  void anAmountAboveWhatCanBeHeldIsRefused_however_itArrives() {
    assertThatThrownBy(() -> Money.ofDecimal("92233720368547758.07", "CNY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> new Money(Money.MAX_HELD + 1, "CNY"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Money(Long.MAX_VALUE, "CNY"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Money(-1, "CNY")).isInstanceOf(IllegalArgumentException.class);
  }
}
