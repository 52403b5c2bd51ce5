package com.payonce.sandbox.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.payonce.sandbox.channel.RefundRecord;

/**
 * A refund as it stands: SUCCEEDED at once, or PROCESSING until an asynchronous refund completes.
 * refundedAt is left out while PROCESSING.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PspRefundBody(
    String merchantOrderNo, String refundNo, String amount, String status, String refundedAt) {

  static PspRefundBody of(String merchantOrderNo, RefundRecord refund) {
    return new PspRefundBody(
        merchantOrderNo,
        refund.refundNo(),
        refund.amount().toDecimalString(),
        refund.status().name(),
        refund.refundedAt() == null ? null : refund.refundedAt().toString());
  }
}
