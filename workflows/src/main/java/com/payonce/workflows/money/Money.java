package com.payonce.workflows.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in integer minor units of an ISO 4217 currency (fen for CNY, cents for USD). Money is
 * never a floating-point number inside payonce; decimal strings exist only at the HTTP edge.
 *
 * <p>Two ceilings. No order or refund is for more than {@link #MAX_MAJOR} units of its currency
 * (Alipay's own ceiling for one trade): the API refuses more ({@link #aboveMaximum}). No amount at
 * all is above {@link #MAX_HELD} minor units, so that the sum of an order's amounts (capped
 * attempts) can never overflow a long; between the two lie only captures a channel reports wrongly,
 * which payonce must still hold to refund them.
 */
public record Money(long minor, String currency) {

  /** The largest amount in major units (yuan, dollars, yen) of an order or a refund. */
  public static final long MAX_MAJOR = 100_000_000L;

  /** The largest amount in minor units payonce can hold: 64 of them still fit in a long. */
  public static final long MAX_HELD = Long.MAX_VALUE / 64;

  public Money {
    Objects.requireNonNull(currency, "currency");
    fractionDigits(currency); // rejects codes that are not ISO 4217 currencies of payments
    if (minor < 0) {
      throw new IllegalArgumentException("money cannot be negative: " + minor);
    }
    if (minor > MAX_HELD) {
      throw new IllegalArgumentException("amount is too large to hold: " + minor + " minor units");
    }
  }

  /** Above what an order or a refund may be ({@link #MAX_MAJOR} units of the currency). */
  public boolean aboveMaximum() {
    return minor > maxMinor(currency);
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
    if (decimal.movePointRight(digits).compareTo(BigDecimal.valueOf(MAX_HELD)) > 0) {
      throw new IllegalArgumentException("amount is too large to hold: " + amount);
    }
    return new Money(decimal.movePointRight(digits).longValueExact(), currency);
  }

  /** The amount as a decimal string with the currency's minor digits: "99.90", "100" for JPY. */
  public String toDecimal() {
    return BigDecimal.valueOf(minor, fractionDigits(currency))
        .setScale(fractionDigits(currency), RoundingMode.UNNECESSARY)
        .toPlainString();
  }

  /**
   * A sum of amounts as a decimal string (a day's statement totals): it may be negative or exceed
   * what one amount may hold, so it is no Money.
   */
  public static String decimal(long minor, String currency) {
    int digits = fractionDigits(currency);
    return BigDecimal.valueOf(minor, digits)
        .setScale(digits, RoundingMode.UNNECESSARY)
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
