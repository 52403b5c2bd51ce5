package com.payonce.sandbox.wechat;

import com.payonce.sandbox.channel.SandboxException;

/**
 * An error answer as WeChat Pay API v3 sends it: {@code {"code","message"}} with the HTTP status
 * its documentation gives for that code.
 */
final class WechatPayError extends RuntimeException {

  private final int status;
  private final String code;

  WechatPayError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static WechatPayError signError(String message) {
    return new WechatPayError(401, "SIGN_ERROR", message);
  }

  static WechatPayError paramError(String message) {
    return new WechatPayError(400, "PARAM_ERROR", message);
  }

  /**
   * The simulator's protocol-neutral refusal on the WeChat wire.
   *
   * @param refundApi the refund APIs call a missing order RESOURCE_NOT_EXISTS, the transaction APIs
   *     ORDER_NOT_EXIST
   */
  static WechatPayError of(SandboxException e, boolean refundApi) {
    String message = e.getMessage();
    return switch (e.code()) {
      case SYSTEM_ERROR, INTERNAL_ERROR, UNKNOWN_CHANNEL ->
          new WechatPayError(500, "SYSTEM_ERROR", message);
      case TOO_MANY_REQUESTS -> new WechatPayError(429, "FREQUENCY_LIMITED", message);
      case INVALID_REQUEST -> paramError(message);
      case ORDER_NOT_FOUND ->
          new WechatPayError(404, refundApi ? "RESOURCE_NOT_EXISTS" : "ORDER_NOT_EXIST", message);
      case REFUND_NOT_FOUND -> new WechatPayError(404, "RESOURCE_NOT_EXISTS", message);
      case ORDER_PAID -> new WechatPayError(400, "ORDERPAID", message);
      case ORDER_CLOSED -> new WechatPayError(400, "ORDER_CLOSED", message);
      // v3 close documents USER_PAYING with status 202: a 2xx the SDK's closeOrder takes for done
      case USER_PAYING -> new WechatPayError(202, "USER_PAYING", message);
      case ORDER_MISMATCH, ORDER_NOT_PAID, REFUND_MISMATCH, REFUND_EXCEEDS_CAPTURED ->
          new WechatPayError(400, "INVALID_REQUEST", message);
    };
  }
}
