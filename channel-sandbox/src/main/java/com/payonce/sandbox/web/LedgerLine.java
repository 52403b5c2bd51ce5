package com.payonce.sandbox.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payonce.sandbox.channel.LedgerEntry;
import com.payonce.sandbox.channel.RefundRecord;
import java.util.List;

/**
 * What the channel holds for one merchant order: captured, refunded out of it, and each refund it
 * accepted under its refund number (SUCCEEDED, or PROCESSING: not in {@code refunded} yet).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LedgerLine(
    String merchantOrderNo,
    String currency,
    String captured,
    String refunded,
    String capturedAt,
    String lastRefundAt,
    List<Refund> refunds) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Refund(
      String refundNo, String amount, String status, String requestedAt, String refundedAt) {

    static Refund of(RefundRecord refund) {
      return new Refund(
          refund.refundNo(),
          refund.amount().toDecimalString(),
          refund.status().name(),
          refund.requestedAt().toString(),
          refund.refundedAt() == null ? null : refund.refundedAt().toString());
    }
  }

  static LedgerLine of(LedgerEntry entry) {
    var order = entry.order();
    return new LedgerLine(
        order.merchantOrderNo(),
        order.paid().currency().getCurrencyCode(),
        order.paid().toDecimalString(),
        order.refunded().toDecimalString(),
        order.paidAt() == null ? null : order.paidAt().toString(),
        order.lastRefundAt() == null ? null : order.lastRefundAt().toString(),
        entry.refunds().stream().map(Refund::of).toList());
  }
}
