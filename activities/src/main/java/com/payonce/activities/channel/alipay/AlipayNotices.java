package com.payonce.activities.channel.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.internal.util.AlipaySignature;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.channel.WebhookIgnored;
import com.payonce.activities.channel.WebhookRejected;
import com.payonce.activities.channel.WebhookRejected.Reason;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Alipay's asynchronous notifications: a form body whose RSA2 signature the SDK's {@code
 * rsaCheckV1} checks with Alipay's public key. No timestamp window is applied: Alipay documents
 * none, and it resends the same notification (same notify_id, notify_time of the first try) for
 * about a day, which any window would refuse; duplicates are caught by notify_id instead.
 */
final class AlipayNotices {

  private static final int MAX_ID = 128;
  private static final Set<String> PAID = Set.of("TRADE_SUCCESS", "TRADE_FINISHED");

  private final String alipayPublicKey;
  private final String appId;

  AlipayNotices(String alipayPublicKey, String appId) {
    this.alipayPublicKey = AlipayClients.bareBase64(alipayPublicKey);
    this.appId = appId;
  }

  WebhookEvent verify(String rawBody) {
    Map<String, String> params = form(rawBody == null ? "" : rawBody);
    boolean signed;
    try {
      // rsaCheckV1 removes sign and sign_type from the map it is given
      signed = AlipaySignature.rsaCheckV1(new HashMap<>(params), alipayPublicKey, "UTF-8", "RSA2");
    } catch (AlipayApiException | RuntimeException e) {
      signed = false;
    }
    if (!signed) {
      throw new WebhookRejected(
          Reason.BAD_SIGNATURE, "Alipay notification signature does not match");
    }
    if (!appId.equals(params.get("app_id"))) {
      throw new WebhookRejected(Reason.BAD_SIGNATURE, "Alipay notification is for another app_id");
    }
    String notifyId = id(params, "notify_id");
    String outTradeNo = id(params, "out_trade_no");
    boolean refund = present(params, "out_biz_no") || present(params, "refund_fee");
    if (refund) {
      return new WebhookEvent(notifyId, WebhookEvent.Type.REFUND_SUCCEEDED, outTradeNo);
    }
    if (PAID.contains(params.get("trade_status"))) {
      return new WebhookEvent(notifyId, WebhookEvent.Type.PAYMENT_SUCCEEDED, outTradeNo);
    }
    if (present(params, "trade_status")) {
      throw new WebhookIgnored(
          "Alipay notification " + notifyId + " announces " + params.get("trade_status"));
    }
    throw new WebhookRejected(Reason.MALFORMED_BODY, "Alipay notification without trade_status");
  }

  /** application/x-www-form-urlencoded in UTF-8; a parameter given twice is not Alipay's. */
  private static Map<String, String> form(String body) {
    Map<String, String> params = new HashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (params.put(key, value) != null) {
          throw new WebhookRejected(Reason.MALFORMED_BODY, "parameter " + key + " given twice");
        }
      } catch (IllegalArgumentException e) {
        throw new WebhookRejected(Reason.MALFORMED_BODY, "not a form body");
      }
    }
    return params;
  }

  private static boolean present(Map<String, String> params, String key) {
    String value = params.get(key);
    return value != null && !value.isBlank();
  }

  private static String id(Map<String, String> params, String key) {
    String value = params.get(key);
    if (value == null || value.isBlank() || value.length() > MAX_ID) {
      throw new WebhookRejected(Reason.MALFORMED_BODY, key + " missing or too long");
    }
    return value;
  }
}
