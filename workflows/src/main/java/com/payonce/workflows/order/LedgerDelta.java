package com.payonce.workflows.order;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the next ledger snapshot must carry: the order's own fields, and only the attempts and
 * refunds that changed since the last snapshot. A snapshot is a local activity's input, stored in
 * history: whole views made history grow with the square of the attempts. The ledger upserts each
 * row it is given, so a row left out keeps what it had. Rebuilt on replay like any workflow state.
 */
final class LedgerDelta {
  private final Map<String, AttemptView> recordedAttempts = new HashMap<>();
  private final Map<String, RefundView> recordedRefunds = new HashMap<>();

  OrderView changesIn(OrderView order) {
    List<AttemptView> attempts = new ArrayList<>();
    for (AttemptView attempt : order.attempts()) {
      if (!attempt.equals(recordedAttempts.put(attempt.attemptId(), attempt))) {
        attempts.add(attempt);
      }
    }
    List<RefundView> refunds = new ArrayList<>();
    for (RefundView refund : order.refunds()) {
      if (!refund.equals(recordedRefunds.put(refund.kind() + ":" + refund.refundId(), refund))) {
        refunds.add(refund);
      }
    }
    return new OrderView(
        order.orderId(),
        order.customerId(),
        order.amount(),
        order.description(),
        order.status(),
        order.createdAtMillis(),
        order.expiresAtMillis(),
        order.paidAttemptId(),
        order.capturedMinor(),
        order.refundedMinor(),
        attempts,
        refunds,
        order.revision());
  }
}
