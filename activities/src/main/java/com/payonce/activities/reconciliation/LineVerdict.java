package com.payonce.activities.reconciliation;

import com.payonce.activities.channel.StatementLine;
import com.payonce.workflows.operator.NewOperatorItem;

/**
 * What reconciliation makes of one statement line.
 *
 * @param difference null when the line matches the ledger; else UNKNOWN_CAPTURE, LATE_CAPTURE,
 *     AMOUNT_MISMATCH, STATUS_MISMATCH, UNKNOWN_REFUND or FOREIGN_CAPTURE
 * @param action what payonce did: ORPHAN_STARTED, ALREADY_REFUNDED or OPERATOR_ITEM (null when
 *     matched)
 * @param payonceMinor what the ledger holds for the line, null when it holds nothing
 * @param item the operator item to raise, when {@code action} is OPERATOR_ITEM
 */
record LineVerdict(
    StatementLine line,
    String difference,
    String action,
    String orderId,
    Long payonceMinor,
    NewOperatorItem item) {

  static final String ORPHAN_STARTED = "ORPHAN_STARTED";
  static final String ALREADY_REFUNDED = "ALREADY_REFUNDED";
  static final String OPERATOR_ITEM = "OPERATOR_ITEM";

  static LineVerdict matched(StatementLine line) {
    return new LineVerdict(line, null, null, null, null, null);
  }

  boolean matches() {
    return difference == null;
  }

  boolean startsOrphan() {
    return ORPHAN_STARTED.equals(action);
  }
}
