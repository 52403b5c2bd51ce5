package com.payonce.activities.channel.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayRequest;
import com.alipay.api.AlipayResponse;
import com.alipay.api.SignItem;
import com.alipay.api.internal.parser.json.JsonConverter;
import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import java.util.Set;

/**
 * What an Alipay answer other than 10000 means for payonce: a definite "no" ({@link
 * ChannelRefusal}) or an unknown outcome (any other exception, so the call is retried).
 */
final class AlipayAnswers {

  static final String SUCCESS = "10000";

  /**
   * The gateway refused the request as sent (a parameter missing): nothing done, and asking again
   * cannot help. A refusal an operator can lift (a key, app id or clock wrong: 40002; permissions:
   * 20001, 40006) is an unknown outcome instead, so an automatic refund waits for the fix rather
   * than fail for good.
   */
  private static final Set<String> GATEWAY_REFUSALS = Set.of("40001");

  /**
   * 40004 sub_codes Alipay documents as final for the request as sent. Not among them, so retried:
   * ACQ.SELLER_BALANCE_NOT_ENOUGH (top the account up and send the refund again, Alipay says) and
   * ACQ.REASON_TRADE_BEEN_FREEZEN (a hold that is lifted).
   */
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
          "ACQ.DISCORDANT_REPEAT_REQUEST",
          "ACQ.TRADE_NOT_ALLOW_REFUND",
          "ACQ.REFUND_FEE_ERROR",
          "ACQ.REASON_TRADE_REFUND_FEE_ERR",
          "ACQ.REASON_TRADE_STATUS_INVALID",
          "ACQ.REASON_ILLEGAL_STATUS");

  private AlipayAnswers() {}

  /** 10000 with no sub_code: the only answer the SDK has checked the signature of for sure. */
  static boolean succeeded(AlipayResponse response) {
    return SUCCESS.equals(response.getCode()) && response.isSuccess();
  }

  /**
   * Whether the answer carries Alipay's signature: the SDK verified it if so (a wrong one is an
   * exception), but lets an error answer without any through.
   */
  static boolean signed(AlipayRequest<?> request, AlipayResponse response) {
    try {
      SignItem item = new JsonConverter().getSignItem(request, response.getBody());
      return item != null && item.getSign() != null && !item.getSign().isEmpty();
    } catch (AlipayApiException e) {
      return false;
    }
  }

  /** Alipay's text fields have a length limit; a longer one would refuse the whole call. */
  static String atMost(int codePoints, String text) {
    if (text == null || text.codePointCount(0, text.length()) <= codePoints) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, codePoints));
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
