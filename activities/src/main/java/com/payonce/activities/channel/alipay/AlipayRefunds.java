package com.payonce.activities.channel.alipay;

import com.alipay.api.domain.AlipayTradeFastpayRefundQueryModel;
import com.alipay.api.domain.AlipayTradeRefundModel;
import com.alipay.api.request.AlipayTradeFastpayRefundQueryRequest;
import com.alipay.api.request.AlipayTradeRefundRequest;
import com.alipay.api.response.AlipayTradeFastpayRefundQueryResponse;
import com.alipay.api.response.AlipayTradeRefundResponse;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.RefundPayment;

/** Refunds (out_request_no = payonce's refund number) and their status. */
final class AlipayRefunds {

  /** Alipay refuses a longer refund reason (ACQ.INVALID_PARAMETER) outright. */
  private static final int REASON_LIMIT = 256;

  private final String channel;
  private final AlipayClients clients;

  AlipayRefunds(String channel, AlipayClients clients) {
    this.channel = channel;
    this.clients = clients;
  }

  /** fund_change Y: the money went back; N: accepted, not done yet (or done by an earlier call). */
  ChannelRefundStatus refund(RefundPayment refund) {
    AlipayTradeRefundModel model = new AlipayTradeRefundModel();
    model.setOutTradeNo(refund.attemptId());
    model.setOutRequestNo(refund.refundNo());
    model.setRefundAmount(refund.amount().toDecimal());
    model.setRefundReason(AlipayAnswers.atMost(REASON_LIMIT, refund.reason()));
    AlipayTradeRefundRequest request = new AlipayTradeRefundRequest();
    request.setBizModel(model);
    AlipayTradeRefundResponse response = clients.execute(request);
    if (!AlipayAnswers.succeeded(response)) {
      throw AlipayAnswers.failure(channel, response, ChannelFailure.REFUND_REJECTED);
    }
    if ("Y".equals(response.getFundChange())) {
      return ChannelRefundStatus.SUCCEEDED;
    }
    if ("N".equals(response.getFundChange())) {
      return ChannelRefundStatus.PROCESSING;
    }
    throw new IllegalStateException(
        channel + " answered fund_change " + response.getFundChange() + "; outcome unknown");
  }

  /**
   * REFUND_SUCCESS is SUCCEEDED. Alipay's docs give no other status: an answer without it means the
   * refund was not received, failed, or is not done yet. NOT_FOUND makes payonce send the refund
   * again with the same out_request_no, which Alipay never makes twice: an unfinished one answers
   * fund_change N (PROCESSING) and a lost one is made. PROCESSING instead would wait for ever on a
   * refund Alipay never received.
   */
  ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
    AlipayTradeFastpayRefundQueryModel model = new AlipayTradeFastpayRefundQueryModel();
    model.setOutTradeNo(attemptId);
    model.setOutRequestNo(refundNo);
    AlipayTradeFastpayRefundQueryRequest request = new AlipayTradeFastpayRefundQueryRequest();
    request.setBizModel(model);
    AlipayTradeFastpayRefundQueryResponse response = clients.execute(request);
    if (!AlipayAnswers.succeeded(response)) {
      if (AlipayAnswers.is(response, "ACQ.TRADE_NOT_EXIST")) {
        return ChannelRefundStatus.NOT_FOUND;
      }
      throw AlipayAnswers.failure(channel, response, ChannelFailure.REFUND_REJECTED);
    }
    String status = response.getRefundStatus();
    if (status == null || status.isEmpty()) {
      return ChannelRefundStatus.NOT_FOUND;
    }
    if ("REFUND_SUCCESS".equals(status)) {
      return ChannelRefundStatus.SUCCEEDED;
    }
    throw new IllegalStateException(
        channel + " answered refund_status " + status + " for " + refundNo + "; outcome unknown");
  }
}
