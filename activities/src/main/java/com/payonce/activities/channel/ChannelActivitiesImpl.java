package com.payonce.activities.channel;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each call to its channel. A refusal becomes a non-retryable ApplicationFailure the
 * workflow handles; every other exception is left to the activity retry policy.
 */
public class ChannelActivitiesImpl implements ChannelActivities {
  private static final Logger log = LoggerFactory.getLogger(ChannelActivitiesImpl.class);

  private final PaymentChannels channels;
  private final Consumer<CreatePayment> claimAttempt;

  /**
   * @param claimAttempt records the attempt's order durably before the channel hears of it (so its
   *     callbacks find the order); idempotent, as a retried create calls it again
   */
  public ChannelActivitiesImpl(PaymentChannels channels, Consumer<CreatePayment> claimAttempt) {
    this.channels = channels;
    this.claimAttempt = claimAttempt;
  }

  @Override
  public ChannelOrder createPayment(CreatePayment request) {
    return refusalsAsFailures(
        () -> {
          PaymentChannel channel = channels.get(request.channel());
          claimAttempt.accept(request);
          ChannelOrder order = channel.create(request);
          log.info("{} payment opened for {}", request.channel(), request.amount());
          return order;
        });
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
    ChannelRefundStatus status =
        refusalsAsFailures(() -> channels.get(refund.channel()).refund(refund));
    log.info(
        "{} refund {} of {}: {}", refund.channel(), refund.refundNo(), refund.amount(), status);
    return status;
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
