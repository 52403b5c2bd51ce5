package com.payonce.api.orders;

import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A creation-time filter as RFC 3339 writes a date-time, read whole: Java's parsers refuse offsets
 * past ±18:00 and leap seconds RFC 3339 allows, and JDBC's timestamps end at year 9999. Any instant
 * is folded into years 1 to 9999 (a bound beyond every order selects the same orders).
 */
final class CreatedAtBound {
  static final String FORMAT = "an RFC 3339 date-time such as 2026-12-01T08:00:00Z";

  private static final Pattern DATE_TIME =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?"
              + "(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

  private CreatedAtBound() {}

  /** Null when the parameter is absent; a 400 when present and not a date-time. */
  static Instant parse(String name, String value) {
    if (value == null) {
      return null;
    }
    Matcher m = DATE_TIME.matcher(value);
    if (!m.matches()) {
      throw invalid(name);
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    int hour = Integer.parseInt(m.group(4));
    int minute = Integer.parseInt(m.group(5));
    int second = Integer.parseInt(m.group(6));
    if (month < 1
        || month > 12
        || !YearMonth.of(year, month).isValidDay(day)
        || hour > 23
        || minute > 59
        || second > 60) {
      throw invalid(name);
    }
    long offsetSeconds = 0;
    if (m.group(8) == null) {
      int offsetHours = Integer.parseInt(m.group(10));
      int offsetMinutes = Integer.parseInt(m.group(11));
      if (offsetHours > 23 || offsetMinutes > 59) {
        throw invalid(name);
      }
      offsetSeconds =
          (offsetHours * 3600L + offsetMinutes * 60L) * ("-".equals(m.group(9)) ? -1 : 1);
    }
    long nanos = m.group(7) == null ? 0 : Long.parseLong((m.group(7) + "00000000").substring(0, 9));
    long epochSecond =
        LocalDate.of(year, month, day).toEpochDay() * 86_400L
            + hour * 3600L
            + minute * 60L
            + second
            - offsetSeconds;
    Instant at = Instant.ofEpochSecond(epochSecond, nanos);
    return at.isBefore(EARLIEST) ? EARLIEST : at.isAfter(LATEST) ? LATEST : at;
  }

  private static ApiProblem invalid(String name) {
    return new ApiProblem(Problem.INVALID_REQUEST, name + " must be " + FORMAT);
  }
}
