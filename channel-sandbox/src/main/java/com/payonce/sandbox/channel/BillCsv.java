package com.payonce.sandbox.channel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** What the PSPs' bill files share: CSV rows, yuan with two decimals, China wall-clock times. */
public final class BillCsv {

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(BillDay.CHINA);

  private BillCsv() {}

  /** Yuan from fen, signed: "0.60", "-0.06". */
  public static String yuan(long fen) {
    return BigDecimal.valueOf(fen, 2).toPlainString();
  }

  public static String time(Instant at) {
    return SECONDS.format(at);
  }

  /**
   * One row, {@code \r\n}-terminated; a value with a comma, quote or line break is quoted (the
   * simulator takes merchant order numbers as given, so they may carry anything).
   */
  public static void row(Writer out, String... values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quoted(values[i] == null ? "" : values[i]));
    }
    line.append("\r\n");
    try {
      out.write(line.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quoted(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
