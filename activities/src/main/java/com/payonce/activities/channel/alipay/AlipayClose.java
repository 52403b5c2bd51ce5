package com.payonce.activities.channel.alipay;

import com.alipay.api.domain.AlipayTradeCloseModel;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.alipay.api.response.AlipayTradeCloseResponse;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.CloseResult;

/**
 * Closes an attempt. ACQ.TRADE_NOT_EXIST is CLOSED: nothing by that number can be paid now, though
 * a precreated code nobody scanned yet stays payable until its time_expire (Alipay closes nothing
 * then); payonce keeps watching the attempt and refunds a late capture. A trade Alipay will not
 * close because of its state is looked up to tell paid from being paid.
 */
final class AlipayClose {

  private final String channel;
  private final AlipayClients clients;
  private final AlipayQuery queries;

  AlipayClose(String channel, AlipayClients clients, AlipayQuery queries) {
    this.channel = channel;
    this.clients = clients;
    this.queries = queries;
  }

  CloseResult close(String attemptId) {
    AlipayTradeCloseModel model = new AlipayTradeCloseModel();
    model.setOutTradeNo(attemptId);
    AlipayTradeCloseRequest request = new AlipayTradeCloseRequest();
    request.setBizModel(model);
    AlipayTradeCloseResponse response = clients.execute(request);
    if (AlipayAnswers.succeeded(response) || AlipayAnswers.is(response, "ACQ.TRADE_NOT_EXIST")) {
      return CloseResult.CLOSED;
    }
    if (AlipayAnswers.is(response, "ACQ.TRADE_STATUS_ERROR")
        || AlipayAnswers.is(response, "ACQ.REASON_TRADE_STATUS_INVALID")
        || AlipayAnswers.is(response, "ACQ.REASON_ILLEGAL_STATUS")
        || AlipayAnswers.is(response, "ACQ.TRADE_HAS_SUCCESS")
        || AlipayAnswers.is(response, "ACQ.TRADE_HAS_FINISHED")) {
      return switch (queries.query(attemptId).status()) {
        case PAID -> CloseResult.ALREADY_PAID;
        case CLOSED -> CloseResult.CLOSED;
        case WAIT_PAY, NOT_FOUND -> CloseResult.CUSTOMER_PAYING;
      };
    }
    throw AlipayAnswers.failure(channel, response, ChannelFailure.CHANNEL_REJECTED);
  }
}
