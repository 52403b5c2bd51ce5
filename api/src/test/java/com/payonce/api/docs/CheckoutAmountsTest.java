package com.payonce.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.api.orders.FieldPatterns;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The amounts the OpenAPI description allows are exactly those payonce accepts: the patterns are
 * checked against payonce's own rule (no leading zeros, positive, at most 100,000,000 units, no
 * more significant decimals than the currency) on many amounts around every edge.
 */
class CheckoutAmountsTest {
  private static final String[] INTEGERS = {
    "0", "1", "9", "10", "00", "01", "99999999", "100000000", "100000001", "999999999", "1000000000"
  };

  @Test
  void eachCurrencyGroupsPattern_acceptsExactlyWhatPayonceAccepts() {
    Random random = new Random(20261201);
    for (int decimals = 0; decimals <= 4; decimals++) {
      String pattern = CheckoutAmounts.amount(decimals);
      for (int i = 0; i < 50_000; i++) {
        String amount = amount(random);
        assertThat(amount.matches(pattern))
            .as("%s with %d decimals against %s", amount, decimals, pattern)
            .isEqualTo(accepted(amount, decimals));
      }
    }
  }

  @Test
  void aRefundsPattern_isTheFourDecimalOne_andEveryCurrencyIsInAGroup() {
    assertThat(FieldPatterns.POSITIVE_AMOUNT).isEqualTo(CheckoutAmounts.amount(4));
    assertThat(CheckoutAmounts.currencies().get(2)).contains("CNY", "USD");
    assertThat(CheckoutAmounts.currencies().get(0)).contains("JPY");
    assertThat(CheckoutAmounts.currencies().values().stream().mapToInt(g -> g.size()).sum())
        .isEqualTo(
            (int)
                Currency.getAvailableCurrencies().stream()
                    .filter(c -> c.getDefaultFractionDigits() >= 0)
                    .count());
  }

  /** payonce's rule, spelt the slow way. */
  private static boolean accepted(String amount, int decimals) {
    if (!amount.matches("^(0|[1-9][0-9]{0,8})([.][0-9]{1,4})?$")) {
      return false;
    }
    BigDecimal value = new BigDecimal(amount);
    return value.signum() > 0
        && value.stripTrailingZeros().scale() <= decimals
        && value.compareTo(BigDecimal.valueOf(100_000_000L)) <= 0;
  }

  private static String amount(Random random) {
    String amount = INTEGERS[random.nextInt(INTEGERS.length)];
    if (random.nextBoolean()) {
      StringBuilder fraction = new StringBuilder(".");
      int digits = random.nextInt(6);
      for (int i = 0; i < digits; i++) {
        fraction.append(random.nextInt(4) == 0 ? (char) ('1' + random.nextInt(9)) : '0');
      }
      amount += fraction;
    }
    return amount;
  }
}
