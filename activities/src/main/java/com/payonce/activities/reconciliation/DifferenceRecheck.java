package com.payonce.activities.reconciliation;

import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.operator.OperatorItem;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.workflows.money.Money;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An operator's retry of a reconciliation difference: the line is matched against the ledger as it
 * is now (a refund in flight when the statement was read has been recorded since), and the item
 * resolved by payonce when the difference is gone.
 */
public class DifferenceRecheck {
  private final JdbcClient jdbc;
  private final StatementMatcher matcher;
  private final OperatorItemsTable items;

  public DifferenceRecheck(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
    this.matcher = new StatementMatcher(dataSource);
    this.items = new OperatorItemsTable(dataSource);
  }

  /** True when the difference is gone and the item resolved. */
  public boolean recheck(OperatorItem item) {
    Optional<Found> found =
        jdbc.sql(
                """
                SELECT channel, bill_date, line_number, attempt_id, refund_no, currency,
                       channel_amount_minor
                FROM reconciliation_differences WHERE item_id = :id
                ORDER BY bill_date DESC LIMIT 1
                """)
            .param("id", item.itemId())
            .query(
                (row, n) ->
                    new Found(
                        row.getString("channel"),
                        row.getString("bill_date"),
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
    if (found.isEmpty()) {
      return false;
    }
    Found difference = found.get();
    LineVerdict verdict =
        matcher.match(difference.channel, difference.billDate, List.of(difference.line)).get(0);
    if (!verdict.matches()) {
      return false;
    }
    return items.move(
        item.itemId(),
        OperatorItem.Status.OPEN,
        OperatorItem.Status.RESOLVED,
        "RESOLVED",
        OperatorItemsTable.PAYONCE,
        "the statement line matches the ledger now");
  }

  private record Found(String channel, String billDate, StatementLine line) {}
}
