package com.payonce.api.ops;

import com.payonce.activities.reconciliation.ReconciliationDifference;
import com.payonce.activities.reconciliation.ReconciliationRun;
import com.payonce.workflows.money.Money;
import java.util.List;

/**
 * A reconciliation run (one channel's statement of one day) as the console shows it; with its
 * differences on the run's own page.
 *
 * @param nextPage the next page of differences, empty on the last
 */
record OpsRunPage(Run run, List<Difference> differences, String nextPage) {

  record Run(
      String channel,
      String billDate,
      String status,
      long linesDone,
      long differences,
      String startedAt,
      String finishedAt,
      List<Totals> totals) {

    static Run of(ReconciliationRun run) {
      return new Run(
          run.channel(),
          run.billDate().toString(),
          run.status(),
          run.linesDone(),
          run.differences(),
          OpsTimes.format(run.startedAt()),
          OpsTimes.format(run.finishedAt()),
          run.totals().stream()
              .map(
                  t ->
                      new Totals(
                          t.currency(),
                          t.captures(),
                          money(t.capturedMinor(), t.currency()),
                          t.refunds(),
                          money(t.refundedMinor(), t.currency()),
                          money(t.feeMinor(), t.currency())))
              .toList());
    }
  }

  record Totals(
      String currency, long captures, String captured, long refunds, String refunded, String fee) {}

  /**
   * @param payonce what the ledger holds for the line, null when nothing
   * @param itemId the operator item raised for it, null when payonce settled it alone
   */
  record Difference(
      long lineNumber,
      String kind,
      String attemptId,
      String refundNo,
      String orderId,
      String currency,
      String channel,
      String payonce,
      String action,
      Long itemId) {

    static Difference of(ReconciliationDifference d) {
      return new Difference(
          d.lineNumber(),
          d.kind(),
          d.attemptId(),
          d.refundNo(),
          d.orderId(),
          d.currency(),
          money(d.channelMinor(), d.currency()),
          d.payonceMinor() == null ? null : money(d.payonceMinor(), d.currency()),
          d.action(),
          d.itemId());
    }
  }

  /** A statement may name a currency payonce has no rules for: its minor units, then. */
  static String money(long minor, String currency) {
    try {
      return new Money(minor, currency.strip()).toDecimal();
    } catch (IllegalArgumentException e) {
      return minor + " (minor units)";
    }
  }
}
