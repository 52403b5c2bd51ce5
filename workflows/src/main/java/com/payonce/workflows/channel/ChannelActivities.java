package com.payonce.workflows.channel;

import io.temporal.activity.ActivityInterface;

/**
 * Calls to a payment channel. Every method is safe to retry: create is keyed by the attempt id,
 * refund by the refund number, query and close are naturally idempotent.
 */
@ActivityInterface
public interface ChannelActivities {

  ChannelOrder createPayment(CreatePayment request);

  ChannelPayment queryPayment(PaymentRef payment);

  CloseResult closePayment(PaymentRef payment);

  /** Returns SUCCEEDED or PROCESSING (an asynchronous refund, finished later). */
  ChannelRefundStatus refundPayment(RefundPayment refund);

  ChannelRefundStatus queryRefund(RefundRef refund);
}
