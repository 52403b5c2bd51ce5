package com.payonce.activities.channel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.csv.CSVRecord;

/**
 * A statement's columns found by their header names, not their positions: the PSPs add columns over
 * time. Values come cleaned of the PSP's padding; a missing column, a short row or an empty
 * required value fails the read (a line that cannot be read is never skipped).
 */
public final class StatementColumns {

  private final String statement;
  private final Map<String, Integer> positions;
  private final int width;
  private final UnaryOperator<String> clean;

  private StatementColumns(
      String statement, Map<String, Integer> positions, int width, UnaryOperator<String> clean) {
    this.statement = statement;
    this.positions = positions;
    this.width = width;
    this.clean = clean;
  }

  /**
   * @param header the column header row
   * @param clean what strips a value of the PSP's padding (WeChat Pay's backtick, Alipay's tabs)
   * @param required the columns the reader uses: every one must be there
   */
  public static StatementColumns of(
      String statement, CSVRecord header, UnaryOperator<String> clean, List<String> required) {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      positions.putIfAbsent(clean.apply(header.get(i)), i);
    }
    for (String column : required) {
      if (!positions.containsKey(column)) {
        throw new IllegalStateException(
            statement
                + " has no column "
                + column
                + " in its header (line "
                + header.getRecordNumber()
                + ")");
      }
    }
    return new StatementColumns(statement, Map.copyOf(positions), header.size(), clean);
  }

  /** The cleaned value, possibly empty. */
  public String get(CSVRecord row, String column) {
    if (row.size() != width) {
      throw unreadable(row, "has " + row.size() + " values, the header " + width);
    }
    Integer position = positions.get(column);
    if (position == null) {
      throw new IllegalArgumentException(statement + " was not read for column " + column);
    }
    return clean.apply(row.get(position));
  }

  /** The cleaned value, which must not be empty. */
  public String required(CSVRecord row, String column) {
    String value = get(row, column);
    if (value.isEmpty()) {
      throw unreadable(row, "has no " + column);
    }
    return value;
  }

  public StatementUnreadable unreadable(CSVRecord row, String why) {
    return new StatementUnreadable(
        statement + " record " + row.getRecordNumber() + " cannot be read: it " + why, null);
  }
}
