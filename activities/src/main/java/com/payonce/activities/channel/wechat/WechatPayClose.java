package com.payonce.activities.channel.wechat;

import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.CloseResult;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.http.Constant;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.http.HttpMethod;
import com.wechat.pay.java.core.http.HttpRequest;
import com.wechat.pay.java.core.http.JsonRequestBody;
import com.wechat.pay.java.core.http.MediaType;
import com.wechat.pay.java.core.http.UrlEncoder;
import com.wechat.pay.java.core.util.GsonUtil;
import com.wechat.pay.java.service.payments.nativepay.model.CloseOrderRequest;

/**
 * Closes an attempt. The SDK's own closeOrder discards the answer of any 2xx, and WeChat Pay
 * documents USER_PAYING on close with status 202: through closeOrder a close refused because the
 * customer is paying reads as done. So the close goes through the SDK's HTTP client (signed and
 * verified as always) and the body is looked at: 204 and none is CLOSED.
 */
final class WechatPayClose {

  /** The host the SDK has hard-coded in every request (BaseUrlRewrite sends it elsewhere). */
  private static final String API_HOST = "https://api.mch.weixin.qq.com";

  private final WechatPaySettings settings;
  private final HttpClient http;
  private final WechatPayCalls calls;

  WechatPayClose(WechatPaySettings settings, HttpClient http, WechatPayCalls calls) {
    this.settings = settings;
    this.http = http;
    this.calls = calls;
  }

  CloseResult close(String attemptId) {
    CloseOrderRequest body = new CloseOrderRequest();
    body.setMchid(settings.merchantId());
    HttpHeaders headers = new HttpHeaders();
    headers.addHeader(Constant.ACCEPT, MediaType.APPLICATION_JSON.getValue());
    headers.addHeader(Constant.CONTENT_TYPE, MediaType.APPLICATION_JSON.getValue());
    HttpRequest request =
        new HttpRequest.Builder()
            .httpMethod(HttpMethod.POST)
            .url(
                API_HOST
                    + "/v3/pay/transactions/out-trade-no/"
                    + UrlEncoder.urlEncode(attemptId)
                    + "/close")
            .headers(headers)
            .body(new JsonRequestBody.Builder().body(GsonUtil.toJson(body)).build())
            .build();
    ErrorAnswer answer;
    try {
      answer =
          calls.sdk(
              "close " + attemptId,
              () -> http.execute(request, ErrorAnswer.class).getServiceResponse());
    } catch (ServiceException e) {
      String code = e.getErrorCode() == null ? "" : e.getErrorCode();
      return switch (code) {
        case "ORDERPAID" -> CloseResult.ALREADY_PAID;
        case "USERPAYING", "USER_PAYING" -> CloseResult.CUSTOMER_PAYING;
        case "ORDER_CLOSED" -> CloseResult.CLOSED;
        // never created (a failed create): nothing can be paid
        case "ORDER_NOT_EXIST" -> CloseResult.CLOSED;
        default ->
            throw WechatPayFailures.classify(
                calls.channel(), "close " + attemptId, e, ChannelFailure.CHANNEL_REJECTED);
      };
    }
    if (answer == null) {
      return CloseResult.CLOSED;
    }
    if ("USER_PAYING".equals(answer.code) || "USERPAYING".equals(answer.code)) {
      return CloseResult.CUSTOMER_PAYING;
    }
    throw calls.unknown("close " + attemptId, "a 2xx with code " + answer.code);
  }
}
