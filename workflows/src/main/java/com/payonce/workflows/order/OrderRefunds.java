package com.payonce.workflows.order;

import com.payonce.workflows.ids.PaymentNumbers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An order's refunds: the shop's, keyed by its refund id, and the automatic ones, named after the
 * attempt they return. Under version "hostile-inputs" the two live in separate namespaces, so no
 * refund id the shop chooses can take or alias an automatic refund.
 */
final class OrderRefunds {
  /** Refunds the shop may ask for on one order. */
  static final int MAX_REQUESTED = RefundCaps.REQUESTED_PER_ORDER;

  /** Keyed by {@link #key}. */
  private final Map<String, Refund> refunds = new LinkedHashMap<>();

  private boolean separateNamespaces;

  /** Version "hostile-inputs" and later. Set before the first refund, never unset. */
  void separateNamespaces() {
    separateNamespaces = true;
  }

  void restore(List<ContinuedOrder.RefundState> carried) {
    carried.forEach(r -> refunds.put(key(r.kind(), r.id()), Refund.restore(r)));
  }

  List<ContinuedOrder.RefundState> state() {
    return refunds.values().stream().map(Refund::state).toList();
  }

  /** The shop's refund with this id (before v2, any refund with this id). */
  Optional<Refund> requested(String refundId) {
    return Optional.ofNullable(refunds.get(key(RefundKind.REQUESTED, refundId)));
  }

  /** The shop's refunds that hold an amount (a failed one does not count against the cap). */
  int requestedCount() {
    return (int)
        refunds.values().stream()
            .filter(r -> r.kind() == RefundKind.REQUESTED && r.holdsAmount())
            .count();
  }

  /**
   * @param refundNo the number the channel will dedup this refund on
   */
  Refund request(RefundRequest request, String refundNo, String attemptId, long nowMillis) {
    Refund refund =
        new Refund(
            request.refundId(),
            refundNo,
            attemptId,
            request.amountMinor(),
            RefundKind.REQUESTED,
            request.reason(),
            nowMillis);
    refunds.put(key(RefundKind.REQUESTED, refund.id()), refund);
    return refund;
  }

  /** The refund of a capture the order does not keep; one per attempt. */
  void automatic(String attemptId, long amountMinor, String reason, long nowMillis) {
    String name = PaymentNumbers.automaticRefundNo(attemptId);
    refunds.putIfAbsent(
        key(RefundKind.AUTOMATIC, name),
        new Refund(name, name, attemptId, amountMinor, RefundKind.AUTOMATIC, reason, nowMillis));
  }

  /** What the refunds of an attempt hold: sent, or being sent. */
  long heldOn(String attemptId) {
    return refunds.values().stream()
        .filter(r -> r.attemptId().equals(attemptId) && r.holdsAmount())
        .mapToLong(Refund::amountMinor)
        .sum();
  }

  List<Refund> pending() {
    return refunds.values().stream().filter(Refund::isPending).toList();
  }

  List<Refund> processing() {
    return refunds.values().stream().filter(Refund::isProcessing).toList();
  }

  List<RefundView> views() {
    return refunds.values().stream().map(Refund::view).toList();
  }

  private String key(RefundKind kind, String id) {
    return separateNamespaces ? kind + ":" + id : id;
  }
}
