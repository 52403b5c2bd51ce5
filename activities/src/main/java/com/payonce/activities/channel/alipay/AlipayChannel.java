package com.payonce.activities.channel.alipay;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/** STUB for the lead's wiring; replaced by the helper's adapter. */
public class AlipayChannel implements PaymentChannel {
  private final AlipaySettings settings;

  public AlipayChannel(AlipaySettings settings) {
    this.settings = settings;
  }

  public String name() { return settings.name(); }
  public ChannelOrder create(CreatePayment request) { throw new UnsupportedOperationException(); }
  public ChannelPayment query(String attemptId) { throw new UnsupportedOperationException(); }
  public CloseResult close(String attemptId) { throw new UnsupportedOperationException(); }
  public ChannelRefundStatus refund(RefundPayment refund) { throw new UnsupportedOperationException(); }
  public ChannelRefundStatus queryRefund(String attemptId, String refundNo) { throw new UnsupportedOperationException(); }
  public WebhookEvent verifyWebhook(HttpHeaders headers, String rawBody) { throw new UnsupportedOperationException(); }
  public ResponseEntity<String> acknowledgement() { throw new UnsupportedOperationException(); }
}
