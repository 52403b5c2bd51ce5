package com.payonce.sandbox.alipay;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Alipay writes and reads every time as Beijing wall-clock time, without a zone. */
final class AlipayTime {

  static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private AlipayTime() {}

  static String format(Instant instant) {
    return instant == null ? null : SECONDS.format(instant.atZone(BEIJING));
  }

  /** gmt_refund in notifications carries milliseconds. */
  static String formatMillis(Instant instant) {
    return instant == null ? null : MILLIS.format(instant.atZone(BEIJING));
  }

  /** Null for text that is not {@code yyyy-MM-dd HH:mm:ss}. */
  static Instant parse(String text) {
    try {
      return LocalDateTime.parse(text, SECONDS).atZone(BEIJING).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
