package com.payonce.activities.channel.wechat;

import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.RefundPayment;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.refund.RefundService;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.Status;

/**
 * Refunds (out_refund_no = payonce's refund number) and their status. WeChat Pay refunds
 * asynchronously: PROCESSING, then SUCCESS or ABNORMAL, announced by a notification.
 */
final class WechatPayRefunds {

  /** WeChat Pay refuses a longer refund reason (PARAM_ERROR) outright. */
  private static final int REASON_LIMIT = 80;

  private final WechatPaySettings settings;
  private final RefundService refunds;
  private final WechatPayQuery trades;
  private final WechatPayCalls calls;

  WechatPayRefunds(
      WechatPaySettings settings,
      RefundService refunds,
      WechatPayQuery trades,
      WechatPayCalls calls) {
    this.settings = settings;
    this.refunds = refunds;
    this.trades = trades;
    this.calls = calls;
  }

  /**
   * A refund names the order's total, which payonce does not keep per attempt: it asks the channel
   * first. A query that does not show the capture yet (it may lag) leaves the outcome unknown.
   */
  ChannelRefundStatus refund(RefundPayment refund) {
    String what = "refund " + refund.refundNo() + " of " + refund.attemptId();
    long amount = calls.fen(refund.amount(), ChannelFailure.REFUND_REJECTED);
    Transaction transaction;
    try {
      transaction = trades.transaction(refund.attemptId());
    } catch (ServiceException e) {
      throw WechatPayFailures.classify(calls.channel(), what, e, ChannelFailure.REFUND_REJECTED);
    }
    Transaction.TradeStateEnum state = transaction.getTradeState();
    if (state != Transaction.TradeStateEnum.SUCCESS && state != Transaction.TradeStateEnum.REFUND) {
      throw calls.unknown(what, "trade_state " + state + " for a capture payonce saw");
    }
    CreateRequest create = new CreateRequest();
    create.setOutTradeNo(refund.attemptId());
    create.setOutRefundNo(refund.refundNo());
    create.setReason(WechatPayCalls.atMost(REASON_LIMIT, refund.reason()));
    create.setNotifyUrl(settings.notifyUrl().get());
    AmountReq money = new AmountReq();
    money.setRefund(amount);
    money.setTotal(trades.paid(refund.attemptId(), transaction).minor());
    money.setCurrency(WechatPayCalls.CNY);
    create.setAmount(money);
    Refund made;
    try {
      made = calls.sdk(what, () -> refunds.create(create));
    } catch (ServiceException e) {
      throw WechatPayFailures.classify(calls.channel(), what, e, ChannelFailure.REFUND_REJECTED);
    }
    ChannelRefundStatus status = status(what, made);
    if (status == ChannelRefundStatus.FAILED) {
      throw new ChannelRefusal(
          ChannelFailure.REFUND_REJECTED,
          calls.channel() + " answered " + what + " with " + made.getStatus());
    }
    return status;
  }

  ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
    String what = "refund query " + refundNo + " of " + attemptId;
    QueryByOutRefundNoRequest query = new QueryByOutRefundNoRequest();
    query.setOutRefundNo(refundNo);
    Refund refund;
    try {
      refund = calls.sdk(what, () -> refunds.queryByOutRefundNo(query));
    } catch (ServiceException e) {
      if (WechatPayFailures.is(e, 404, "RESOURCE_NOT_EXISTS")) {
        return ChannelRefundStatus.NOT_FOUND;
      }
      throw WechatPayFailures.classify(calls.channel(), what, e, ChannelFailure.REFUND_REJECTED);
    }
    if (refund.getOutTradeNo() != null && !attemptId.equals(refund.getOutTradeNo())) {
      throw calls.unknown(what, "a refund of another order");
    }
    return status(what, refund);
  }

  /** ABNORMAL (the money could not go back) and CLOSED are FAILED; no status is never success. */
  private ChannelRefundStatus status(String what, Refund refund) {
    Status status = refund == null ? null : refund.getStatus();
    if (status == null) {
      throw calls.unknown(what, "a refund status payonce does not know");
    }
    return switch (status) {
      case SUCCESS -> ChannelRefundStatus.SUCCEEDED;
      case PROCESSING -> ChannelRefundStatus.PROCESSING;
      case ABNORMAL, CLOSED -> ChannelRefundStatus.FAILED;
    };
  }
}
