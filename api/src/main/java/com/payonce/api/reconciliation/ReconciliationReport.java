package com.payonce.api.reconciliation;

import com.payonce.activities.reconciliation.ReconciliationDifference;
import java.util.List;

/**
 * One reconciliation and a page of its differences, in statement line order.
 *
 * @param hasMoreDifferences ask again with {@code afterLine} = the last difference's line number
 */
record ReconciliationReport(
    ReconciliationRunResponse run,
    List<DifferenceResponse> differences,
    boolean hasMoreDifferences) {

  /**
   * @param kind UNKNOWN_CAPTURE, LATE_CAPTURE, AMOUNT_MISMATCH, STATUS_MISMATCH, UNKNOWN_REFUND or
   *     FOREIGN_CAPTURE
   * @param action ORPHAN_STARTED (payonce refunds it), ALREADY_REFUNDED, or OPERATOR_ITEM
   */
  record DifferenceResponse(
      long lineNumber,
      String kind,
      String attemptId,
      String refundNo,
      String orderId,
      String currency,
      String channelAmount,
      String payonceAmount,
      String action,
      Long itemId) {

    static DifferenceResponse of(ReconciliationDifference d) {
      return new DifferenceResponse(
          d.lineNumber(),
          d.kind(),
          d.attemptId(),
          d.refundNo(),
          d.orderId(),
          d.currency(),
          ReconciliationRunResponse.decimal(d.channelMinor(), d.currency()),
          d.payonceMinor() == null
              ? null
              : ReconciliationRunResponse.decimal(d.payonceMinor(), d.currency()),
          d.action(),
          d.itemId());
    }
  }
}
