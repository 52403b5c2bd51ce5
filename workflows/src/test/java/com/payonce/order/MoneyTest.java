package com.payonce.order;

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
  void anAmountAboveTheMaximumIsRefused_however_itArrives() {
    assertThatThrownBy(() -> Money.ofDecimal("100000000.01", "CNY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above the maximum");
    assertThatThrownBy(() -> Money.ofDecimal("92233720368547758.07", "CNY"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above the maximum");
    assertThatThrownBy(() -> new Money(Long.MAX_VALUE, "CNY"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Money(-1, "CNY")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theOrdersTotalsCannotOverflow_atTheMaximumOnEveryAttempt() {
    Money max = new Money(Money.maxMinor("CNY"), "CNY");
    OrderBook book =
        new OrderBook(Checkout.of("o", "c", max, "d", 0, 1, PaymentTimings.defaults()));
    book.closeHostileInputs();
    for (int i = 0; i < OrderBook.MAX_ATTEMPTS; i++) {
      Attempt attempt = book.newAttempt("a" + i, "alipay", 0);
      book.captured(attempt, max, 0, 0);
    }
    assertThat(book.view().capturedMinor()).isEqualTo(OrderBook.MAX_ATTEMPTS * max.minor());
    assertThat(book.view().status()).isEqualTo(OrderStatus.PAID);
    assertThat(book.pendingRefunds()).hasSize(OrderBook.MAX_ATTEMPTS - 1);
  }
}
