package com.payonce.channel;

import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Routes each call to its channel. A refusal becomes a non-retryable ApplicationFailure the
 * workflow handles; every other exception is left to the activity retry policy.
 */
public class ChannelActivitiesImpl implements ChannelActivities {
  private final PaymentChannels channels;

  public ChannelActivitiesImpl(PaymentChannels channels) {
    this.channels = channels;
  }

  @Override
  public ChannelOrder createPayment(CreatePayment request) {
    return refusalsAsFailures(() -> channels.get(request.channel()).create(request));
  }

  @Override
  public ChannelPayment queryPayment(PaymentRef payment) {
    return refusalsAsFailures(() -> channels.get(payment.channel()).query(payment.attemptId()));
  }

  @Override
  public CloseResult closePayment(PaymentRef payment) {
    return refusalsAsFailures(() -> channels.get(payment.channel()).close(payment.attemptId()));
  }

  @Override
  public ChannelRefundStatus refundPayment(RefundPayment refund) {
    return refusalsAsFailures(() -> channels.get(refund.channel()).refund(refund));
  }

  @Override
  public ChannelRefundStatus queryRefund(RefundRef refund) {
    return refusalsAsFailures(
        () -> channels.get(refund.channel()).queryRefund(refund.attemptId(), refund.refundNo()));
  }

  private static <T> T refusalsAsFailures(Supplier<T> call) {
    try {
      return call.get();
    } catch (ChannelRefusal refusal) {
      throw ApplicationFailure.newNonRetryableFailure(refusal.getMessage(), refusal.type().name());
    }
  }
}
