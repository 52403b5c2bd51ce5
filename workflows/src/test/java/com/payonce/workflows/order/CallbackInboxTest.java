package com.payonce.workflows.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.order.FakeChannel.Op;
import org.junit.jupiter.api.Test;

/**
 * {@link CallbackInbox}: a channel's callback reaches the order only for an attempt of this order
 * at the channel that sent it.
 */
class CallbackInboxTest extends OrderWorkflowTestSupport {

  /**
   * Issue 10 ("Close the holes"), finding 7: a payment at one channel whose number is another
   * channel's attempt id.
   */
  @Test
  void anEventFromAnotherChannelForThisAttemptsNumber_isIgnored() {
    OrderPaymentWorkflow order = h.start("order-wrong-channel");
    String alipay = order.pay(new PayRequest("alipay")).attemptId();

    order.channelEvent(
        new ChannelEvent(alipay, "evt-wechat-1", ChannelEvent.Type.PAYMENT, "wechat"));
    h.settle();

    assertThat(channel.calls(Op.QUERY)).isEmpty();
    assertThat(order.view().status()).isEqualTo(OrderStatus.AWAITING_PAYMENT);
  }
}
