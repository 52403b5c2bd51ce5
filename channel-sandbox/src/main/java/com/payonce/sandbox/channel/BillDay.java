package com.payonce.sandbox.channel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Both PSPs date their bills by the day in China time and make a day's bill the next morning;
 * {@code sameDayStatements} lets tests read today's bill so far.
 */
public final class BillDay {

  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private BillDay() {}

  public static LocalDate today(Instant now) {
    return LocalDate.ofInstant(now, CHINA);
  }

  /**
   * @param readyAt the PSP's documented time of day (China time) from which yesterday's bill can be
   *     downloaded
   */
  public static boolean ready(LocalDate day, Instant now, LocalTime readyAt, boolean sameDay) {
    if (sameDay) {
      return !day.isAfter(today(now));
    }
    return !now.isBefore(day.plusDays(1).atTime(readyAt).atZone(CHINA).toInstant());
  }

  public static Instant start(LocalDate day) {
    return day.atStartOfDay(CHINA).toInstant();
  }

  public static Instant end(LocalDate day) {
    return day.plusDays(1).atStartOfDay(CHINA).toInstant();
  }
}
