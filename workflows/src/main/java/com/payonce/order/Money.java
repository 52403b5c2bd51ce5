package com.payonce.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in integer minor units of an ISO 4217 currency (fen for CNY, cents for USD). Money is
 * never a floating-point number inside payonce; decimal strings exist only at the HTTP edge.
 *
 * <p>No amount exceeds {@link #MAX_MAJOR} units of its currency (Alipay's own ceiling for one
 * trade): with the cap on attempts per order, no sum of an order's amounts can overflow a long.
 */
public record Money(long minor, String currency) {

  /** The largest amount in major units (yuan, dollars, yen) that payonce accepts or believes. */
  public static final long MAX_MAJOR = 100_000_000L;

  public Money {
    Objects.requireNonNull(currency, "currency");
    int digits = fractionDigits(currency); // rejects codes that are not ISO 4217 payment currencies
    if (minor < 0) {
      throw new IllegalArgumentException("money cannot be negative: " + minor);
    }
    if (minor > maxMinor(digits)) {
      throw new IllegalArgumentException(
          "amount is above the maximum of " + MAX_MAJOR + " " + currency + ": " + minor + " minor units");
    }
  }

  /** The largest amount of the currency in minor units. */
  public static long maxMinor(String currency) {
    return maxMinor(fractionDigits(currency));
  }

  private static long maxMinor(int fractionDigits) {
    return BigDecimal.valueOf(MAX_MAJOR).movePointRight(fractionDigits).longValueExact();
  }

  /**
   * Parses a decimal string such as "99.90" in a currency's minor unit; rejects more decimals than
   * the currency has, so no amount is ever rounded.
   */
  public static Money ofDecimal(String amount, String currency) {
    int digits = fractionDigits(currency);
    BigDecimal decimal;
    try {
      decimal = new BigDecimal(amount);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("amount is not a decimal number: " + amount);
    }
    if (decimal.stripTrailingZeros().scale() > digits) {
      throw new IllegalArgumentException(
          currency + " has " + digits + " decimal places, amount has more: " + amount);
    }
    if (decimal.movePointRight(digits).compareTo(BigDecimal.valueOf(maxMinor(digits))) > 0) {
      throw new IllegalArgumentException(
          "amount is above the maximum of " + MAX_MAJOR + " " + currency + ": " + amount);
    }
    return new Money(decimal.movePointRight(digits).longValueExact(), currency);
  }

  /** The amount as a decimal string with the currency's minor digits: "99.90", "100" for JPY. */
  public String toDecimal() {
    return BigDecimal.valueOf(minor, fractionDigits(currency))
        .setScale(fractionDigits(currency), RoundingMode.UNNECESSARY)
        .toPlainString();
  }

  private static int fractionDigits(String currency) {
    int digits;
    try {
      digits = Currency.getInstance(currency).getDefaultFractionDigits();
    } catch (IllegalArgumentException e) {
      // the JDK's exception has no message: callers show this one to the client
      throw new IllegalArgumentException(currency + " is not an ISO 4217 currency code");
    }
    if (digits < 0) {
      throw new IllegalArgumentException(currency + " is not a currency of payments");
    }
    return digits;
  }

  public Money withMinor(long newMinor) {
    return new Money(newMinor, currency);
  }

  @Override
  public String toString() {
    return minor + " " + currency + " minor units";
  }
}
