package com.payonce.activities.channel.alipay;

import com.alipay.api.domain.AlipayTradeQueryModel;
import com.alipay.api.request.AlipayTradeQueryRequest;
import com.alipay.api.response.AlipayTradeQueryResponse;
import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.money.Money;

/**
 * Asks Alipay what became of an attempt (by out_trade_no). A trade Alipay does not know is
 * NOT_FOUND (a precreated code nobody scanned yet). After a full refund Alipay reads the trade
 * TRADE_CLOSED: a closed trade that was paid (send_pay_date set) is reported PAID and fully
 * refunded. A partial refund leaves it TRADE_SUCCESS and Alipay's query has no refunded total, so
 * refundedMinor is then 0: payonce only refunds whole captures, and partial refunds made elsewhere
 * are reconciliation's to find.
 */
final class AlipayQuery {

  private final String channel;
  private final AlipayClients clients;

  AlipayQuery(String channel, AlipayClients clients) {
    this.channel = channel;
    this.clients = clients;
  }

  ChannelPayment query(String attemptId) {
    AlipayTradeQueryModel model = new AlipayTradeQueryModel();
    model.setOutTradeNo(attemptId);
    AlipayTradeQueryRequest request = new AlipayTradeQueryRequest();
    request.setBizModel(model);
    AlipayTradeQueryResponse response = clients.execute(request);
    if (!AlipayAnswers.succeeded(response)) {
      if (AlipayAnswers.is(response, "ACQ.TRADE_NOT_EXIST")) {
        return new ChannelPayment(ChannelPayment.Status.NOT_FOUND, null, 0);
      }
      throw AlipayAnswers.failure(channel, response, ChannelFailure.CHANNEL_REJECTED);
    }
    String status = response.getTradeStatus();
    if (status == null) {
      throw unknownStatus(attemptId, null);
    }
    Money zero = new Money(0, AlipayChannel.CNY);
    return switch (status) {
      case "WAIT_BUYER_PAY" -> new ChannelPayment(ChannelPayment.Status.WAIT_PAY, zero, 0);
      case "TRADE_SUCCESS", "TRADE_FINISHED" ->
          new ChannelPayment(ChannelPayment.Status.PAID, paid(attemptId, response), 0);
      case "TRADE_CLOSED" -> {
        if (response.getSendPayDate() == null) {
          yield new ChannelPayment(ChannelPayment.Status.CLOSED, zero, 0);
        }
        Money paid = paid(attemptId, response);
        yield new ChannelPayment(ChannelPayment.Status.PAID, paid, paid.minor());
      }
      default -> throw unknownStatus(attemptId, status);
    };
  }

  /**
   * total_amount: what the trade was for, and what a full refund gives back (receipt_amount is less
   * when the merchant funds a discount). An amount payonce cannot hold is refused for good: asking
   * again gets the same answer, and an operator has to settle it.
   */
  private Money paid(String attemptId, AlipayTradeQueryResponse response) {
    String amount = response.getTotalAmount();
    try {
      return Money.ofDecimal(amount, AlipayChannel.CNY);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ChannelRefusal(
          ChannelFailure.CHANNEL_REJECTED,
          channel
              + " reports "
              + amount
              + " CNY paid for "
              + attemptId
              + ", which payonce cannot hold ("
              + e.getMessage()
              + "): an operator must settle it");
    }
  }

  private IllegalStateException unknownStatus(String attemptId, String status) {
    return new IllegalStateException(
        channel + " answered trade_status " + status + " for " + attemptId + "; outcome unknown");
  }
}
