package com.payonce.activities.reconciliation;

import com.payonce.activities.channel.StatementLine;
import com.payonce.workflows.reconciliation.ReconciliationSummary;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** All SQL on reconciliation_runs, their totals and their differences. */
public class ReconciliationRunsTable {
  private final JdbcClient jdbc;

  public ReconciliationRunsTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * In the caller's transaction: a new run of the day starts it over (progress, totals and
   * differences; the operator items stay, keyed by what they are about), the same run again changes
   * nothing.
   */
  void begin(String channel, LocalDate billDate, String runId) {
    Optional<String> current =
        jdbc.sql(
                """
                SELECT run_id FROM reconciliation_runs
                WHERE channel = :channel AND bill_date = :date FOR UPDATE
                """)
            .param("channel", channel)
            .param("date", Date.valueOf(billDate))
            .query(String.class)
            .optional();
    if (current.isEmpty()) {
      jdbc.sql(
              """
              INSERT INTO reconciliation_runs (channel, bill_date, run_id, status)
              VALUES (:channel, :date, :runId, 'RUNNING')
              """)
          .param("channel", channel)
          .param("date", Date.valueOf(billDate))
          .param("runId", runId)
          .update();
    } else if (!current.get().equals(runId)) {
      jdbc.sql(
              """
              UPDATE reconciliation_runs
              SET run_id = :runId, status = 'RUNNING', lines_done = 0, differences = 0,
                  started_at = now(), updated_at = now(), finished_at = NULL
              WHERE channel = :channel AND bill_date = :date
              """)
          .param("channel", channel)
          .param("date", Date.valueOf(billDate))
          .param("runId", runId)
          .update();
      for (String table : List.of("reconciliation_totals", "reconciliation_differences")) {
        jdbc.sql("DELETE FROM " + table + " WHERE channel = :channel AND bill_date = :date")
            .param("channel", channel)
            .param("date", Date.valueOf(billDate))
            .update();
      }
    }
  }

  /**
   * In the caller's transaction, holding the run's row until it commits: the line reached, or empty
   * when another run of the day has replaced {@code runId} (an attempt of an older run that
   * outlived it must write nothing into the new one).
   */
  Optional<Long> lockLinesDone(String channel, LocalDate billDate, String runId) {
    return jdbc.sql(
            """
            SELECT lines_done FROM reconciliation_runs
            WHERE channel = :channel AND bill_date = :date AND run_id = :runId FOR UPDATE
            """)
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .param("runId", runId)
        .query(Long.class)
        .optional();
  }

  long linesDone(String channel, LocalDate billDate) {
    return jdbc.sql(
            "SELECT lines_done FROM reconciliation_runs WHERE channel = :channel AND bill_date ="
                + " :date")
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .query(Long.class)
        .single();
  }

  /**
   * In the caller's transaction, after {@link #lockLinesDone}: the lines' differences and totals,
   * and the progress up to the last of them.
   */
  void record(
      String channel, LocalDate billDate, List<LineVerdict> verdicts, Map<Long, Long> itemIds) {
    Map<String, long[]> totals = new LinkedHashMap<>();
    long differences = 0;
    for (LineVerdict verdict : verdicts) {
      StatementLine line = verdict.line();
      long[] sums = totals.computeIfAbsent(line.amount().currency(), c -> new long[5]);
      int at = line.kind() == StatementLine.Kind.CAPTURE ? 0 : 2;
      sums[at] += 1;
      sums[at + 1] = Math.addExact(sums[at + 1], line.amount().minor());
      sums[4] =
          at == 0
              ? Math.addExact(sums[4], line.fee().minor())
              : Math.subtractExact(sums[4], line.fee().minor());
      if (!verdict.matches()) {
        // another attempt of this run may have recorded the line: its latest verdict stands
        insertDifference(channel, billDate, verdict, itemIds.get(line.lineNumber()));
        differences++;
      }
    }
    totals.forEach((currency, sums) -> addTotals(channel, billDate, currency, sums));
    jdbc.sql(
            """
            UPDATE reconciliation_runs
            SET lines_done = :last, differences = differences + :differences, updated_at = now()
            WHERE channel = :channel AND bill_date = :date
            """)
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .param("last", verdicts.get(verdicts.size() - 1).line().lineNumber())
        .param("differences", differences)
        .update();
  }

  /** DONE, or STOPPED where a statement could not be read further; false if replaced. */
  boolean finish(String channel, LocalDate billDate, String runId, String status) {
    return jdbc.sql(
                """
                UPDATE reconciliation_runs
                SET status = :status, finished_at = now(), updated_at = now()
                WHERE channel = :channel AND bill_date = :date AND run_id = :runId
                """)
            .param("channel", channel)
            .param("date", Date.valueOf(billDate))
            .param("runId", runId)
            .param("status", status)
            .update()
        == 1;
  }

  /**
   * What the day's reconciliation found, all of it (a resumed run counts what it found before its
   * crash too).
   */
  ReconciliationSummary summary(String channel, LocalDate billDate) {
    return jdbc.sql(
            """
            SELECT r.lines_done, r.differences,
                   (SELECT count(*) FROM reconciliation_differences d
                    WHERE d.channel = r.channel AND d.bill_date = r.bill_date
                      AND d.action = 'ORPHAN_STARTED') AS orphans,
                   (SELECT count(*) FROM reconciliation_differences d
                    WHERE d.channel = r.channel AND d.bill_date = r.bill_date
                      AND d.action = 'OPERATOR_ITEM') AS items
            FROM reconciliation_runs r WHERE r.channel = :channel AND r.bill_date = :date
            """)
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .query(
            (row, n) ->
                new ReconciliationSummary(
                    row.getLong("lines_done"),
                    row.getLong("differences"),
                    row.getLong("orphans"),
                    row.getLong("items")))
        .single();
  }

  /** Newest first. */
  public List<ReconciliationRun> recent(int limit) {
    return jdbc.sql(
            """
            SELECT channel, bill_date, status, lines_done, differences, started_at, finished_at
            FROM reconciliation_runs ORDER BY started_at DESC, channel LIMIT :limit
            """)
        .param("limit", limit)
        .query((row, n) -> run(row))
        .list();
  }

  public Optional<ReconciliationRun> find(String channel, LocalDate billDate) {
    return jdbc.sql(
            """
            SELECT channel, bill_date, status, lines_done, differences, started_at, finished_at
            FROM reconciliation_runs WHERE channel = :channel AND bill_date = :date
            """)
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .query((row, n) -> run(row))
        .optional();
  }

  /** In line order, after a line number. */
  public List<ReconciliationDifference> differences(
      String channel, LocalDate billDate, long afterLine, int limit) {
    return jdbc.sql(
            """
            SELECT * FROM reconciliation_differences
            WHERE channel = :channel AND bill_date = :date AND line_number > :after
            ORDER BY line_number LIMIT :limit
            """)
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .param("after", afterLine)
        .param("limit", limit)
        .query((row, n) -> difference(row))
        .list();
  }

  private void insertDifference(
      String channel, LocalDate billDate, LineVerdict verdict, Long itemId) {
    StatementLine line = verdict.line();
    jdbc.sql(
            """
            INSERT INTO reconciliation_differences (channel, bill_date, line_number, kind,
                attempt_id, refund_no, order_id, currency, channel_amount_minor,
                payonce_amount_minor, action, item_id)
            VALUES (:channel, :date, :line, :kind, :attemptId, :refundNo, :orderId, :currency,
                :channelMinor, :payonceMinor, :action, :itemId)
            ON CONFLICT (channel, bill_date, line_number) DO UPDATE SET
                kind = excluded.kind, attempt_id = excluded.attempt_id,
                refund_no = excluded.refund_no, order_id = excluded.order_id,
                currency = excluded.currency, channel_amount_minor = excluded.channel_amount_minor,
                payonce_amount_minor = excluded.payonce_amount_minor, action = excluded.action,
                item_id = excluded.item_id
            """)
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .param("line", line.lineNumber())
        .param("kind", verdict.difference())
        .param("attemptId", clip(line.attemptId(), 64))
        .param("refundNo", line.refundNo() == null ? null : clip(line.refundNo(), 80))
        .param("orderId", verdict.orderId())
        .param("currency", line.amount().currency())
        .param("channelMinor", line.amount().minor())
        .param("payonceMinor", verdict.payonceMinor())
        .param("action", verdict.action())
        .param("itemId", itemId)
        .update();
  }

  private void addTotals(String channel, LocalDate billDate, String currency, long[] sums) {
    jdbc.sql(
            """
            INSERT INTO reconciliation_totals (channel, bill_date, currency, captures,
                captured_minor, refunds, refunded_minor, fee_minor)
            VALUES (:channel, :date, :currency, :captures, :captured, :refunds, :refunded, :fee)
            ON CONFLICT (channel, bill_date, currency) DO UPDATE SET
                captures = reconciliation_totals.captures + excluded.captures,
                captured_minor = reconciliation_totals.captured_minor + excluded.captured_minor,
                refunds = reconciliation_totals.refunds + excluded.refunds,
                refunded_minor = reconciliation_totals.refunded_minor + excluded.refunded_minor,
                fee_minor = reconciliation_totals.fee_minor + excluded.fee_minor
            """)
        .param("channel", channel)
        .param("date", Date.valueOf(billDate))
        .param("currency", currency)
        .param("captures", sums[0])
        .param("captured", sums[1])
        .param("refunds", sums[2])
        .param("refunded", sums[3])
        .param("fee", sums[4])
        .update();
  }

  private ReconciliationRun run(ResultSet row) throws SQLException {
    String channel = row.getString("channel");
    LocalDate billDate = row.getDate("bill_date").toLocalDate();
    List<ReconciliationRun.Totals> totals =
        jdbc.sql(
                """
                SELECT * FROM reconciliation_totals
                WHERE channel = :channel AND bill_date = :date ORDER BY currency
                """)
            .param("channel", channel)
            .param("date", Date.valueOf(billDate))
            .query(
                (t, n) ->
                    new ReconciliationRun.Totals(
                        t.getString("currency"),
                        t.getLong("captures"),
                        t.getLong("captured_minor"),
                        t.getLong("refunds"),
                        t.getLong("refunded_minor"),
                        t.getLong("fee_minor")))
            .list();
    return new ReconciliationRun(
        channel,
        billDate,
        row.getString("status"),
        row.getLong("lines_done"),
        row.getLong("differences"),
        row.getTimestamp("started_at").toInstant(),
        instant(row.getTimestamp("finished_at")),
        totals);
  }

  private static ReconciliationDifference difference(ResultSet row) throws SQLException {
    long payonce = row.getLong("payonce_amount_minor");
    Long payonceMinor = row.wasNull() ? null : payonce;
    long item = row.getLong("item_id");
    Long itemId = row.wasNull() ? null : item;
    return new ReconciliationDifference(
        row.getLong("line_number"),
        row.getString("kind"),
        row.getString("attempt_id"),
        row.getString("refund_no"),
        row.getString("order_id"),
        row.getString("currency"),
        row.getLong("channel_amount_minor"),
        payonceMinor,
        row.getString("action"),
        itemId);
  }

  private static Instant instant(Timestamp at) {
    return at == null ? null : at.toInstant();
  }

  private static String clip(String value, int max) {
    return value.length() <= max ? value : value.substring(0, max);
  }
}
