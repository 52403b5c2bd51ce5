package com.payonce.activities.channel;

import com.payonce.workflows.money.Money;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The values both PSPs' statements write the same way: signed yuan amounts and China wall-clock
 * times. Amounts become minor units through {@link Money#ofDecimal} (checked: never rounded, never
 * a double); anything else is refused.
 */
public final class StatementValues {

  /** Both PSPs date bills, and write times, in China time. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /** Plain decimals, optionally negative: no exponent, grouping or plus sign. */
  private static final Pattern SIGNED_DECIMAL = Pattern.compile("-?[0-9]{1,15}(\\.[0-9]{1,6})?");

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private StatementValues() {}

  /** A signed amount in minor units of {@code currency}: "-0.06" is -6 fen. */
  public static long signedMinor(String decimal, String currency) {
    if (!SIGNED_DECIMAL.matcher(decimal).matches()) {
      throw new IllegalArgumentException("not an amount: " + decimal);
    }
    boolean negative = decimal.startsWith("-");
    long minor = Money.ofDecimal(negative ? decimal.substring(1) : decimal, currency).minor();
    return negative ? -minor : minor;
  }

  /** A positive amount: what was captured or refunded. */
  public static Money positive(long minor, String currency) {
    if (minor <= 0) {
      throw new IllegalArgumentException("not a positive amount: " + minor);
    }
    return new Money(minor, currency);
  }

  /**
   * A line's fee as {@link StatementLine} holds it, from what the channel kept on the line in
   * signed minor units: a capture's must be kept (zero or more), a refund's given back (zero or
   * less: the line's fee is what came back). A refund that charged a fee cannot be held, so it
   * fails the read.
   */
  public static Money fee(StatementLine.Kind kind, long keptMinor, String currency) {
    long fee = kind == StatementLine.Kind.CAPTURE ? keptMinor : Math.negateExact(keptMinor);
    if (fee < 0) {
      throw new IllegalArgumentException(
          "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " fee of " + keptMinor + " kept");
    }
    return new Money(fee, currency);
  }

  /** {@code yyyy-MM-dd HH:mm:ss} in China time. */
  public static Instant chinaTime(String text) {
    try {
      return LocalDateTime.parse(text, SECONDS).atZone(CHINA).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a time: " + text);
    }
  }
}
