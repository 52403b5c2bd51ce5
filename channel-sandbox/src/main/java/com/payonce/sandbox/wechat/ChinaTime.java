package com.payonce.sandbox.wechat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * WeChat Pay's times: RFC 3339 to the second in Beijing time, {@code 2026-11-26T20:00:00+08:00}.
 */
final class ChinaTime {

  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

  private ChinaTime() {}

  static String format(Instant instant) {
    return instant
        .truncatedTo(ChronoUnit.SECONDS)
        .atOffset(BEIJING)
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  /** Any RFC 3339 offset is accepted, as WeChat Pay does. */
  static Instant parse(String field, String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw WechatPayError.paramError(field + " is not an RFC 3339 time: " + text);
    }
  }
}
