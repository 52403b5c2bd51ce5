package com.payonce.workflows.order;

/** The workflow's mutable state of one refund. Only the workflow thread touches it. */
final class Refund {
  private final String id;
  private final String refundNo;
  private final String attemptId;
  private final long amountMinor;
  private final RefundKind kind;
  private String reason;
  private final long createdAtMillis;
  private RefundStatus status = RefundStatus.PENDING;

  /**
   * @param id the shop's refund id, or the automatic refund's name
   * @param refundNo the number the channel dedups the refund on
   */
  Refund(
      String id,
      String refundNo,
      String attemptId,
      long amountMinor,
      RefundKind kind,
      String reason,
      long createdAtMillis) {
    this.id = id;
    this.refundNo = refundNo;
    this.attemptId = attemptId;
    this.amountMinor = amountMinor;
    this.kind = kind;
    this.reason = reason;
    this.createdAtMillis = createdAtMillis;
  }

  String id() {
    return id;
  }

  String refundNo() {
    return refundNo;
  }

  RefundKind kind() {
    return kind;
  }

  String attemptId() {
    return attemptId;
  }

  long amountMinor() {
    return amountMinor;
  }

  String reason() {
    return reason;
  }

  RefundStatus status() {
    return status;
  }

  boolean isPending() {
    return status == RefundStatus.PENDING;
  }

  boolean isProcessing() {
    return status == RefundStatus.PROCESSING;
  }

  void processing() {
    status = RefundStatus.PROCESSING;
  }

  /** The channel has no record of it: send it again (same refund number). */
  void resend() {
    status = RefundStatus.PENDING;
  }

  /** Counts against what can still be refunded: succeeded or still possible. */
  boolean holdsAmount() {
    return status != RefundStatus.FAILED;
  }

  void succeeded() {
    status = RefundStatus.SUCCEEDED;
  }

  void failed(String why) {
    status = RefundStatus.FAILED;
    reason = why;
  }

  ContinuedOrder.RefundState state() {
    return new ContinuedOrder.RefundState(
        id, refundNo, attemptId, amountMinor, kind, reason, createdAtMillis, status);
  }

  static Refund restore(ContinuedOrder.RefundState state) {
    Refund refund =
        new Refund(
            state.id(),
            state.refundNo(),
            state.attemptId(),
            state.amountMinor(),
            state.kind(),
            state.reason(),
            state.createdAtMillis());
    refund.status = state.status();
    return refund;
  }

  RefundView view() {
    return new RefundView(
        id, attemptId, amountMinor, status, kind, reason, createdAtMillis, refundNo);
  }
}
