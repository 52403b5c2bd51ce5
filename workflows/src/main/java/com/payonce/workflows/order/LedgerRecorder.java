package com.payonce.workflows.order;

import com.payonce.workflows.ledger.LedgerActivities;
import com.payonce.workflows.ledger.OrderSnapshot;
import io.temporal.workflow.Workflow;

/**
 * Writes the order to the ledger. Under version "hostile-inputs" a snapshot carries only what
 * changed ({@link LedgerDelta}) and is numbered after the history's length (above the revision a
 * previous run carried over), so a snapshot written by a workflow task that was then lost (worker
 * killed) is always older than the retried task's.
 */
final class LedgerRecorder {
  private final LedgerActivities ledger;
  private final OrderBook book;
  private final OrderVersions versions;
  private final long revisionBase;
  private final LedgerDelta delta = new LedgerDelta();

  LedgerRecorder(
      LedgerActivities ledger, OrderBook book, OrderVersions versions, long revisionBase) {
    this.ledger = ledger;
    this.book = book;
    this.versions = versions;
    this.revisionBase = revisionBase;
  }

  void record() {
    if (!versions.hostileInputs()) {
      ledger.recordOrder(new OrderSnapshot(book.nextRevision(0)));
      return;
    }
    long floor = revisionBase + Workflow.getInfo().getHistoryLength() * 1_000L;
    ledger.recordOrder(new OrderSnapshot(delta.changesIn(book.nextRevision(floor))));
  }
}
