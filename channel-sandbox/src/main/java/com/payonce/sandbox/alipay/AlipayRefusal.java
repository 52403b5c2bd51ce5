package com.payonce.sandbox.alipay;

/**
 * An answer other than 10000, as Alipay's gateway sends it: still HTTP 200, signed, with {@code
 * code}/{@code msg} of the gateway and {@code sub_code}/{@code sub_msg} of the business.
 */
final class AlipayRefusal extends RuntimeException {

  private final String code;
  private final String msg;
  private final String subCode;

  private AlipayRefusal(String code, String msg, String subCode, String subMsg) {
    super(subMsg);
    this.code = code;
    this.msg = msg;
    this.subCode = subCode;
  }

  /** 40004: the business said no; the same request gets the same answer. */
  static AlipayRefusal business(String subCode, String subMsg) {
    return new AlipayRefusal("40004", "Business Failed", subCode, subMsg);
  }

  /** 20000: nothing was done; the caller should ask again later. */
  static AlipayRefusal unavailable(String subCode, String subMsg) {
    return new AlipayRefusal("20000", "Service Currently Unavailable", subCode, subMsg);
  }

  /** 40001: a required gateway parameter is missing. */
  static AlipayRefusal missing(String subCode, String subMsg) {
    return new AlipayRefusal("40001", "Missing Required Arguments", subCode, subMsg);
  }

  /** 40002: a gateway parameter (the signature included) is invalid. */
  static AlipayRefusal invalid(String subCode, String subMsg) {
    return new AlipayRefusal("40002", "Invalid Arguments", subCode, subMsg);
  }

  static AlipayRefusal invalidParameter(String subMsg) {
    return business("ACQ.INVALID_PARAMETER", subMsg);
  }

  static AlipayRefusal tradeNotExist() {
    return business("ACQ.TRADE_NOT_EXIST", "交易不存在");
  }

  String code() {
    return code;
  }

  String msg() {
    return msg;
  }

  String subCode() {
    return subCode;
  }

  String subMsg() {
    return getMessage();
  }
}
