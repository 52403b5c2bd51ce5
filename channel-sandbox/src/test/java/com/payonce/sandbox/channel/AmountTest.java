package com.payonce.sandbox.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AmountTest {

  private static final Currency CNY = Currency.getInstance("CNY");
  private static final Currency JPY = Currency.getInstance("JPY");

  @Test
  void readsDecimalStringsIntoMinorUnits() {
    assertThat(Amount.parse("99.90", CNY).minor()).isEqualTo(9990);
    assertThat(Amount.parse("99.9", CNY).minor()).isEqualTo(9990);
    assertThat(Amount.parse("99.900", CNY).minor()).isEqualTo(9990);
    assertThat(Amount.parse("0.01", CNY).minor()).isEqualTo(1);
    assertThat(Amount.parse("100", JPY).minor()).isEqualTo(100);
  }

  @Test
  void writesTheCurrencysNumberOfDecimals() {
    assertThat(new Amount(9990, CNY).toDecimalString()).isEqualTo("99.90");
    assertThat(Amount.zero(CNY).toDecimalString()).isEqualTo("0.00");
    assertThat(new Amount(100, JPY).toDecimalString()).isEqualTo("100");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "0", "0.00", "-1", "abc", "1e3", "99.901", " 1", "1,000.00"})
  void refusesWhatIsNotAPositiveAmountInTheCurrency(String decimal) {
    assertThatThrownBy(() -> Amount.parse(decimal, CNY))
        .isInstanceOfSatisfying(
            SandboxException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void refusesDecimalsACurrencyDoesNotHave() {
    assertThatThrownBy(() -> Amount.parse("100.5", JPY)).isInstanceOf(SandboxException.class);
  }

  @Test
  void refusesAmountsBeyondLongMinorUnits() {
    assertThatThrownBy(() -> Amount.parse("999999999999999999.99", CNY))
        .isInstanceOf(SandboxException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "XYZ", "cny", "XAU"})
  void refusesCodesThatAreNotCurrenciesWithMinorUnits(String code) {
    assertThatThrownBy(() -> Amount.currency(code)).isInstanceOf(SandboxException.class);
  }
}
