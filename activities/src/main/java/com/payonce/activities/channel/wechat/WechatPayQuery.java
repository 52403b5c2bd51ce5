package com.payonce.activities.channel.wechat;

import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.money.Money;
import com.wechat.pay.java.core.exception.MalformedMessageException;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.model.TransactionAmount;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest;

/**
 * Asks WeChat Pay what became of an attempt (by out_trade_no). REFUND counts the whole capture as
 * refunded: payonce's only refunds of a capture it does not keep are full ones, and trade_state
 * does not say how much went back. A partial refund made outside payonce is reconciliation's to
 * find (the refund APIs and the bills have the amounts).
 */
final class WechatPayQuery {

  private final WechatPaySettings settings;
  private final NativePayService nativePay;
  private final WechatPayCalls calls;

  WechatPayQuery(WechatPaySettings settings, NativePayService nativePay, WechatPayCalls calls) {
    this.settings = settings;
    this.nativePay = nativePay;
    this.calls = calls;
  }

  ChannelPayment query(String attemptId) {
    Transaction transaction;
    try {
      transaction = transaction(attemptId);
    } catch (ServiceException e) {
      if (WechatPayFailures.is(e, 404, "ORDER_NOT_EXIST")) {
        return new ChannelPayment(ChannelPayment.Status.NOT_FOUND, null, 0);
      }
      throw WechatPayFailures.classify(
          calls.channel(), "query " + attemptId, e, ChannelFailure.CHANNEL_REJECTED);
    }
    if (transaction.getTradeState() == null) {
      throw calls.unknown("query " + attemptId, "a trade_state payonce does not know");
    }
    return switch (transaction.getTradeState()) {
      case NOTPAY, USERPAYING ->
          new ChannelPayment(ChannelPayment.Status.WAIT_PAY, zero(transaction), 0);
      case SUCCESS ->
          new ChannelPayment(ChannelPayment.Status.PAID, paid(attemptId, transaction), 0);
      case REFUND -> {
        Money paid = paid(attemptId, transaction);
        yield new ChannelPayment(ChannelPayment.Status.PAID, paid, paid.minor());
      }
      case CLOSED, REVOKED, PAYERROR ->
          new ChannelPayment(ChannelPayment.Status.CLOSED, zero(transaction), 0);
      case ACCEPT -> throw calls.unknown("query " + attemptId, "trade_state ACCEPT");
    };
  }

  /**
   * The trade by out_trade_no. An amount payonce cannot hold (more fen than the SDK's int, not a
   * whole number) is refused for good, for an operator.
   */
  Transaction transaction(String attemptId) {
    QueryOrderByOutTradeNoRequest query = new QueryOrderByOutTradeNoRequest();
    query.setMchid(settings.merchantId());
    query.setOutTradeNo(attemptId);
    Transaction transaction;
    try {
      transaction = calls.sdk("query " + attemptId, () -> nativePay.queryOrderByOutTradeNo(query));
    } catch (MalformedMessageException e) {
      throw calls.cannotHold(attemptId, "an amount that is not a whole number of fen");
    }
    if (transaction == null || !attemptId.equals(transaction.getOutTradeNo())) {
      throw calls.unknown("query " + attemptId, "another out_trade_no");
    }
    return transaction;
  }

  Money paid(String attemptId, Transaction transaction) {
    TransactionAmount amount = transaction.getAmount();
    if (amount == null || amount.getTotal() == null) {
      throw calls.unknown("query " + attemptId, "a paid trade without amount.total");
    }
    try {
      return new Money(
          amount.getTotal(),
          amount.getCurrency() == null ? WechatPayCalls.CNY : amount.getCurrency());
    } catch (IllegalArgumentException e) {
      throw calls.cannotHold(
          attemptId,
          "amount " + amount.getTotal() + " " + amount.getCurrency() + " (" + e.getMessage() + ")");
    }
  }

  private static Money zero(Transaction transaction) {
    TransactionAmount amount = transaction.getAmount();
    String currency =
        amount == null || amount.getCurrency() == null ? WechatPayCalls.CNY : amount.getCurrency();
    try {
      return new Money(0, currency);
    } catch (IllegalArgumentException e) {
      return new Money(0, WechatPayCalls.CNY);
    }
  }
}
