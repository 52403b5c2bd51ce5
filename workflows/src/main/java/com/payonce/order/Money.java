package com.payonce.order;

import java.util.Currency;
import java.util.Objects;

/**
 * An amount in integer minor units of an ISO 4217 currency (fen for CNY, cents for USD). Money is
 * never a floating-point number inside payonce; decimal strings exist only at the HTTP edge.
 */
public record Money(long minor, String currency) {

  public Money {
    Objects.requireNonNull(currency, "currency");
    Currency.getInstance(currency); // rejects codes that are not ISO 4217
    if (minor < 0) {
      throw new IllegalArgumentException("money cannot be negative: " + minor);
    }
  }

  public static Money zero(String currency) {
    return new Money(0, currency);
  }

  public Money plus(long otherMinor) {
    return new Money(Math.addExact(minor, otherMinor), currency);
  }

  public Money withMinor(long newMinor) {
    return new Money(newMinor, currency);
  }

  @Override
  public String toString() {
    return minor + " " + currency + " minor units";
  }
}
