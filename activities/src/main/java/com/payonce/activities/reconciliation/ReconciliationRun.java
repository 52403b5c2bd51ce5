package com.payonce.activities.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A reconciliation of one channel's statement of one day, as far as it got.
 *
 * @param status RUNNING, DONE, or STOPPED where the statement could not be read further
 * @param linesDone the statement lines matched so far: a crashed run resumes after them
 * @param totals per currency, what the statement's lines add up to
 */
public record ReconciliationRun(
    String channel,
    LocalDate billDate,
    String status,
    long linesDone,
    long differences,
    Instant startedAt,
    Instant finishedAt,
    List<Totals> totals) {

  public ReconciliationRun {
    totals = List.copyOf(totals);
  }

  /**
   * The statement's sums in one currency, in minor units; {@code feeMinor} is what the channel kept
   * net of the fees it gave back with refunds.
   */
  public record Totals(
      String currency,
      long captures,
      long capturedMinor,
      long refunds,
      long refundedMinor,
      long feeMinor) {}
}
