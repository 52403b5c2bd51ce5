package com.payonce.api.ops;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them: UTC to the second, as in the logs and the Temporal UI. */
final class OpsTimes {
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private OpsTimes() {}

  static String format(Instant instant) {
    return instant == null ? null : UTC.format(instant);
  }

  static String format(long epochMillis) {
    return format(Instant.ofEpochMilli(epochMillis));
  }
}
