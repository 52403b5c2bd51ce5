package com.payonce.api.reconciliation;

import com.payonce.activities.reconciliation.ReconciliationRun;
import com.payonce.workflows.money.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A reconciliation as far as it got: RUNNING or DONE, the statement lines matched, the differences
 * found and what the statement adds up to per currency (fees net of those refunds gave back).
 */
record ReconciliationRunResponse(
    String channel,
    LocalDate billDate,
    String status,
    long linesDone,
    long differences,
    Instant startedAt,
    Instant finishedAt,
    List<TotalsResponse> totals) {

  record TotalsResponse(
      String currency,
      long captures,
      String capturedAmount,
      long refunds,
      String refundedAmount,
      String fees) {}

  static ReconciliationRunResponse of(ReconciliationRun run) {
    return new ReconciliationRunResponse(
        run.channel(),
        run.billDate(),
        run.status(),
        run.linesDone(),
        run.differences(),
        run.startedAt(),
        run.finishedAt(),
        run.totals().stream()
            .map(
                t ->
                    new TotalsResponse(
                        t.currency(),
                        t.captures(),
                        decimal(t.capturedMinor(), t.currency()),
                        t.refunds(),
                        decimal(t.refundedMinor(), t.currency()),
                        decimal(t.feeMinor(), t.currency())))
            .toList());
  }

  static String decimal(long minor, String currency) {
    return Money.decimal(minor, currency);
  }
}
