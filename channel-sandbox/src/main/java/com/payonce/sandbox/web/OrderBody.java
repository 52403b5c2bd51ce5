package com.payonce.sandbox.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payonce.sandbox.channel.PspOrderSnapshot;

/** An order as the channel reports it. paidAt is left out until the order is paid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderBody(
    String merchantOrderNo,
    String channelOrderId,
    String status,
    String amount,
    String currency,
    String paidAmount,
    String refundedAmount,
    String payUrl,
    String paidAt) {

  static OrderBody of(String channel, PspOrderSnapshot order) {
    return new OrderBody(
        order.merchantOrderNo(),
        order.channelOrderId(),
        order.status().name(),
        order.amount().toDecimalString(),
        order.amount().currency().getCurrencyCode(),
        order.paid().toDecimalString(),
        order.refunded().toDecimalString(),
        SandboxRoutes.payPath(channel, order.merchantOrderNo()),
        order.paidAt() == null ? null : order.paidAt().toString());
  }
}
