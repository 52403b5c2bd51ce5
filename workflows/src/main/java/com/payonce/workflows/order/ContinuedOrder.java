package com.payonce.workflows.order;

import java.util.List;

/**
 * What an order carries into its next run when it continues as new: its book, the callbacks not
 * handled yet and its clocks. Only runs under workflow version "hostile-inputs" continue, so a
 * continued run always runs under it too.
 */
public record ContinuedOrder(BookState book, List<ChannelEvent> events, Clocks clocks) {

  /** {@link OrderBook}'s state. */
  public record BookState(
      OrderStatus status,
      String keptAttemptId,
      long revision,
      int payCalls,
      List<AttemptState> attempts,
      List<RefundState> refunds) {}

  /**
   * The workflow's clocks.
   *
   * @param settling the order is settled and in its late-payment window, which ends at {@code
   *     windowEndMillis}
   */
  public record Clocks(
      boolean settling,
      long windowEndMillis,
      long pollDelayMillis,
      long nextPollAtMillis,
      long expiryCheckAtMillis,
      long refundCheckDelayMillis,
      long refundCheckAtMillis) {}

  /** An attempt as {@link Attempt} holds it. */
  public record AttemptState(
      String id,
      String channel,
      long createdAtMillis,
      AttemptStatus status,
      String channelOrderId,
      String payUrl,
      long capturedMinor,
      long refundedMinor,
      String note,
      boolean createOutcomeUnknown,
      boolean closedAtChannel,
      long paymentSignalledAtMillis,
      long notPaidSinceMillis) {}

  /** A refund as {@link Refund} holds it. */
  public record RefundState(
      String id,
      String refundNo,
      String attemptId,
      long amountMinor,
      RefundKind kind,
      String reason,
      long createdAtMillis,
      RefundStatus status) {}
}
