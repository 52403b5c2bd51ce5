package com.payonce.sandbox.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payonce.sandbox.channel.OrderSnapshot;

/** What the channel holds for one merchant order: captured, and refunded out of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record LedgerLine(
    String merchantOrderNo,
    String currency,
    String captured,
    String refunded,
    String capturedAt,
    String lastRefundAt) {

  static LedgerLine of(OrderSnapshot order) {
    return new LedgerLine(
        order.merchantOrderNo(),
        order.paid().currency().getCurrencyCode(),
        order.paid().toDecimalString(),
        order.refunded().toDecimalString(),
        order.paidAt() == null ? null : order.paidAt().toString(),
        order.lastRefundAt() == null ? null : order.lastRefundAt().toString());
  }
}
