package com.payonce.activities.reconciliation;

import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.operator.OperatorItem;
import com.payonce.workflows.money.Money;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An operator's retry of a reconciliation difference: the line is matched against the ledger as it
 * is now (a refund in flight when the statement was read has been recorded since).
 */
public class DifferenceRecheck {
  private final JdbcClient jdbc;
  private final StatementMatcher matcher;

  public DifferenceRecheck(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.matcher = new StatementMatcher(dataSource);
  }

  /** True when the item's statement line matches the ledger as it is now. */
  public boolean matchesNow(OperatorItem item) {
    Optional<Found> found =
        jdbc.sql(
                """
                SELECT channel, line_number, attempt_id, refund_no, currency, channel_amount_minor
                FROM reconciliation_differences WHERE item_id = :id
                ORDER BY bill_date DESC LIMIT 1
                """)
            .param("id", item.itemId())
            .query(
                (row, n) ->
                    new Found(
                        row.getString("channel"),
                        new StatementLine(
                            row.getLong("line_number"),
                            row.getString("refund_no") == null
                                ? StatementLine.Kind.CAPTURE
                                : StatementLine.Kind.REFUND,
                            row.getString("attempt_id"),
                            null,
                            row.getString("refund_no"),
                            new Money(
                                row.getLong("channel_amount_minor"), row.getString("currency")),
                            new Money(0, row.getString("currency")),
                            null)))
            .optional();
    return found.map(d -> matcher.match(d.channel, List.of(d.line)).get(0).matches()).orElse(false);
  }

  private record Found(String channel, StatementLine line) {}
}
