package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.RefundRecord;

/** The answer to a refund; refunds succeed at once in the sandbox. */
record RefundBody(String merchantOrderNo, String refundNo, String amount, String status) {

  static RefundBody of(String merchantOrderNo, RefundRecord refund) {
    return new RefundBody(
        merchantOrderNo, refund.refundNo(), refund.amount().toDecimalString(), "SUCCEEDED");
  }
}
