package com.payonce.sandbox.channel;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Money in integer minor units of one currency (fen for CNY). Decimal strings such as {@code
 * "99.90"} exist only on the wire; nothing here is ever a double.
 */
public record Amount(long minor, Currency currency) {

  /** Plain decimals only: no sign, exponent or grouping, so "1e3" or "-5" never pass as money. */
  private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,18})?");

  public Amount {
    Objects.requireNonNull(currency, "currency");
    if (minor < 0) {
      throw new IllegalArgumentException("an amount cannot be negative: " + minor);
    }
  }

  public static Amount zero(Currency currency) {
    return new Amount(0, currency);
  }

  /**
   * Reads a positive wire amount in {@code currency}. More decimals than the currency has are
   * refused unless they are trailing zeros ("99.900" is 99.90 CNY, "99.901" is refused).
   */
  public static Amount parse(String decimal, Currency currency) {
    if (decimal == null || decimal.isBlank()) {
      throw SandboxException.invalid("amount is required");
    }
    if (!DECIMAL.matcher(decimal).matches()) {
      throw SandboxException.invalid("amount must be a plain decimal string such as \"99.90\"");
    }
    BigDecimal value = new BigDecimal(decimal);
    if (value.signum() <= 0) {
      throw SandboxException.invalid("amount must be greater than zero");
    }
    int digits = currency.getDefaultFractionDigits();
    if (value.stripTrailingZeros().scale() > digits) {
      throw SandboxException.invalid(
          "amount " + decimal + " has more decimals than " + currency + " allows (" + digits + ")");
    }
    try {
      return new Amount(value.movePointRight(digits).longValueExact(), currency);
    } catch (ArithmeticException e) {
      throw SandboxException.invalid("amount is too large");
    }
  }

  /**
   * An ISO 4217 code with a definite number of minor digits; funds and metals (XAU, XXX) have none.
   */
  public static Currency currency(String code) {
    if (code == null || code.isBlank()) {
      throw SandboxException.invalid("currency is required");
    }
    Currency currency;
    try {
      currency = Currency.getInstance(code);
    } catch (IllegalArgumentException e) {
      throw SandboxException.invalid("currency is not an ISO 4217 code: " + code);
    }
    if (currency.getDefaultFractionDigits() < 0) {
      throw SandboxException.invalid("currency has no minor units: " + code);
    }
    return currency;
  }

  public Amount plus(Amount other) {
    requireSameCurrency(other);
    return new Amount(Math.addExact(minor, other.minor), currency);
  }

  public Amount minus(Amount other) {
    requireSameCurrency(other);
    return new Amount(Math.subtractExact(minor, other.minor), currency);
  }

  /**
   * A wrong but plausible amount: one minor unit less, or one more when this is a single minor unit
   * (an amount cannot drop to zero).
   */
  public Amount offByOneMinorUnit() {
    return new Amount(minor > 1 ? minor - 1 : minor + 1, currency);
  }

  public boolean exceeds(Amount other) {
    requireSameCurrency(other);
    return minor > other.minor;
  }

  /** The wire form, always with the currency's number of decimals: "99.90", "0.00". */
  public String toDecimalString() {
    return BigDecimal.valueOf(minor, currency.getDefaultFractionDigits()).toPlainString();
  }

  private void requireSameCurrency(Amount other) {
    if (!currency.equals(other.currency)) {
      throw new IllegalArgumentException(currency + " and " + other.currency + " do not add up");
    }
  }

  @Override
  public String toString() {
    return toDecimalString() + " " + currency;
  }
}
