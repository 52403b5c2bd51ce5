package com.payonce.activities.channel.alipay;

import com.alipay.api.AlipayResponse;
import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import java.util.Set;

/**
 * What an Alipay answer other than 10000 means for payonce: a definite "no" ({@link
 * ChannelRefusal}) or an unknown outcome (any other exception, so the call is retried).
 */
final class AlipayAnswers {

  static final String SUCCESS = "10000";

  /** The request was refused at the gateway (parameters, signature, permission): nothing done. */
  private static final Set<String> GATEWAY_REFUSALS = Set.of("20001", "40001", "40002", "40006");

  /** 40004 sub_codes Alipay documents as final for the request as sent. */
  private static final Set<String> BUSINESS_REFUSALS =
      Set.of(
          "ACQ.INVALID_PARAMETER",
          "ACQ.TRADE_NOT_EXIST",
          "ACQ.TRADE_STATUS_ERROR",
          "ACQ.TRADE_HAS_SUCCESS",
          "ACQ.TRADE_HAS_CLOSE",
          "ACQ.TRADE_HAS_FINISHED",
          "ACQ.CONTEXT_INCONSISTENT",
          "ACQ.TOTAL_FEE_EXCEED",
          "ACQ.ACCESS_FORBIDDEN",
          "ACQ.PARTNER_ERROR",
          "ACQ.EXIST_FORBIDDEN_WORD",
          "ACQ.BUYER_SELLER_EQUAL",
          "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
          "ACQ.SELLER_BALANCE_NOT_ENOUGH",
          "ACQ.REASON_TRADE_BEEN_FREEZEN",
          "ACQ.DISCORDANT_REPEAT_REQUEST",
          "ACQ.TRADE_NOT_ALLOW_REFUND",
          "ACQ.REFUND_FEE_ERROR",
          "ACQ.REASON_TRADE_REFUND_FEE_ERR",
          "ACQ.REASON_TRADE_STATUS_INVALID",
          "ACQ.REASON_ILLEGAL_STATUS");

  private AlipayAnswers() {}

  static boolean succeeded(AlipayResponse response) {
    return SUCCESS.equals(response.getCode());
  }

  static boolean is(AlipayResponse response, String subCode) {
    return subCode.equals(response.getSubCode());
  }

  /**
   * The exception for a failed answer: 20000 and any SYSTEM_ERROR (Alipay: "call again with the
   * same parameters") or a code not listed here leave the outcome unknown; the listed ones refuse.
   */
  static RuntimeException failure(String channel, AlipayResponse response, ChannelFailure type) {
    String code = response.getCode();
    String subCode = response.getSubCode();
    String described = channel + " answered " + describe(response);
    boolean systemError = subCode != null && subCode.endsWith("SYSTEM_ERROR");
    if (!systemError
        && (GATEWAY_REFUSALS.contains(code)
            || ("40004".equals(code) && BUSINESS_REFUSALS.contains(subCode)))) {
      return new ChannelRefusal(type, described);
    }
    return new IllegalStateException(described + "; outcome unknown");
  }

  /** Codes and messages only: never the body, which may carry buyer details. */
  static String describe(AlipayResponse response) {
    return response.getCode()
        + " "
        + response.getMsg()
        + (response.getSubCode() == null
            ? ""
            : " " + response.getSubCode() + " " + response.getSubMsg());
  }
}
