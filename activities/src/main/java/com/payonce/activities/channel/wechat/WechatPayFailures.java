package com.payonce.activities.channel.wechat;

import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import com.wechat.pay.java.core.exception.ServiceException;
import java.util.Set;

/**
 * Sorts WeChat Pay's error answers into a definite "no" and "outcome unknown". Only the codes its
 * documentation gives for a request that can never succeed as sent are a refusal; SYSTEM_ERROR
 * (500), FREQUENCY_LIMITED (429), NOT_ENOUGH (balance short: WeChat Pay says retry later),
 * SIGN_ERROR, APPID_MCHID_NOT_MATCH, MCH_NOT_EXISTS and NO_AUTH (configuration an operator fixes,
 * not an answer about the order: an automatic refund waits for the fix rather than fail for good)
 * and any code payonce does not know are retried.
 */
final class WechatPayFailures {

  private static final Set<String> DEFINITE_NO =
      Set.of(
          "PARAM_ERROR",
          "INVALID_REQUEST",
          "ORDER_CLOSED",
          "ORDERPAID",
          "OUT_TRADE_NO_USED",
          "ORDER_NOT_EXIST",
          "RESOURCE_NOT_EXISTS",
          "RULE_LIMIT",
          "TRADE_ERROR",
          "USER_ACCOUNT_ABNORMAL");

  private WechatPayFailures() {}

  /**
   * The exception to throw for an error answer. The SDK's exception is not chained: its message
   * carries the whole request, Authorization header included.
   */
  static RuntimeException classify(
      String channel, String what, ServiceException e, ChannelFailure refusal) {
    int status = e.getHttpStatusCode();
    String code = e.getErrorCode();
    String answer = "HTTP " + status + " " + code + " " + e.getErrorMessage();
    if (status >= 500 || status == 429 || code == null || !DEFINITE_NO.contains(code)) {
      return new IllegalStateException(
          channel + " answered " + what + " with " + answer + ": outcome unknown");
    }
    return new ChannelRefusal(refusal, channel + " refused " + what + ": " + answer);
  }

  static boolean is(ServiceException e, int status, String code) {
    return e.getHttpStatusCode() == status && code.equals(e.getErrorCode());
  }
}
