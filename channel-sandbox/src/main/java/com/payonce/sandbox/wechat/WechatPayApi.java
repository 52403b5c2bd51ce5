package com.payonce.sandbox.wechat;

import com.payonce.sandbox.SandboxJson;
import com.payonce.sandbox.channel.Amount;
import com.payonce.sandbox.channel.NewOrder;
import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.channel.PspOrderStatus;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.RefundRecord;
import com.payonce.sandbox.channel.SandboxException;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.web.SandboxRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The endpoints of WeChat Pay API v3 that payonce calls, over one simulated channel: Native and H5
 * prepay, query and close by out_trade_no, refund and refund query. Every request must carry a
 * valid merchant signature; every answer is signed.
 */
final class WechatPayApi {

  private static final Logger log = LoggerFactory.getLogger(WechatPayApi.class);
  private static final Currency CNY = Currency.getInstance("CNY");

  private final String prefix;
  private final PspSimulator channel;
  private final ChannelKeys keys;
  private final MerchantSignatureCheck signatures;
  private final WechatPayAnswers answers;

  /**
   * out_refund_no to out_trade_no: the refund query names only the refund (unique per merchant at
   * WeChat Pay), the simulator files refunds under their order.
   */
  private final ConcurrentMap<String, String> refundOrders = new ConcurrentHashMap<>();

  WechatPayApi(String prefix, PspSimulator channel, ChannelKeys keys) {
    this.prefix = prefix;
    this.channel = channel;
    this.keys = keys;
    this.signatures = new MerchantSignatureCheck(keys);
    this.answers = new WechatPayAnswers(new PlatformSigner(keys));
  }

  /** The bill APIs, answered and authenticated like every other call. */
  WechatPayBills bills() {
    return new WechatPayBills(channel, keys, answers, this::authenticated);
  }

  ServerResponse nativePrepay(ServerRequest request) {
    return prepay(request, "code_url", false);
  }

  ServerResponse h5Prepay(ServerRequest request) {
    return prepay(request, "h5_url", true);
  }

  /**
   * Creates the order (or finds the one created under the same out_trade_no). Real WeChat Pay
   * answers {@code weixin://wxpay/bizpayurl?pr=…} (Native) or an https cashier page (H5); the
   * simulator answers an absolute http URL of its own "customer pays" action instead, so a test can
   * scan and pay by POSTing to it.
   */
  private ServerResponse prepay(ServerRequest request, String urlField, boolean h5) {
    JsonNode body = json(authenticated(request));
    requireValue(body, "appid", keys.appId());
    requireValue(body, "mchid", keys.merchantId());
    String outTradeNo = text(body, "out_trade_no");
    String description = atMost(text(body, "description"), "description", 127);
    URI notifyUrl = uri(text(body, "notify_url"));
    String timeExpire = optionalText(body, "time_expire");
    Instant expiresAt = timeExpire == null ? null : ChinaTime.parse("time_expire", timeExpire);
    Amount amount = amount(body.path("amount"), "total");
    if (h5) {
      text(body.path("scene_info"), "payer_client_ip");
      text(body.path("scene_info").path("h5_info"), "type");
    }
    PspOrderSnapshot order =
        channel.create(new NewOrder(outTradeNo, amount, description, notifyUrl, expiresAt));
    if (order.status() == PspOrderStatus.CLOSED) {
      throw new WechatPayError(400, "ORDER_CLOSED", "order " + outTradeNo + " is closed");
    }
    String payUrl =
        UriComponentsBuilder.fromUri(request.uri())
            .replacePath(SandboxRoutes.payPath(channel.name(), outTradeNo))
            .replaceQuery(null)
            .build()
            .toUriString();
    return answers.json(200, Map.of(urlField, payUrl));
  }

  ServerResponse query(ServerRequest request) {
    authenticated(request);
    String mchid = request.param("mchid").orElse(null);
    if (!keys.merchantId().equals(mchid)) {
      throw WechatPayError.paramError("mchid is required and must be the merchant's");
    }
    PspOrderSnapshot order = channel.find(request.pathVariable("outTradeNo"));
    return answers.json(200, TradeJson.transaction(order, keys));
  }

  /** 204 when closed; 202 USER_PAYING while the customer pays; 400 ORDERPAID once paid. */
  ServerResponse close(ServerRequest request) {
    JsonNode body = json(authenticated(request));
    requireValue(body, "mchid", keys.merchantId());
    channel.close(request.pathVariable("outTradeNo"));
    return answers.noContent();
  }

  /**
   * WeChat Pay checks amount.total against the order; the simulator only checks it is no smaller
   * than the refund (an amountTamper capture would otherwise make the check ambiguous).
   */
  ServerResponse refund(ServerRequest request) {
    JsonNode body = json(authenticated(request));
    String outTradeNo = text(body, "out_trade_no");
    String refundNo = text(body, "out_refund_no");
    String reason = atMost(optionalText(body, "reason"), "reason", 80);
    Amount refund = amount(body.path("amount"), "refund");
    Amount total = amount(body.path("amount"), "total");
    if (refund.exceeds(total)) {
      throw WechatPayError.paramError("amount.refund exceeds amount.total");
    }
    String earlier = refundOrders.putIfAbsent(refundNo, outTradeNo);
    if (earlier != null && !earlier.equals(outTradeNo)) {
      throw new WechatPayError(
          400, "INVALID_REQUEST", "out_refund_no " + refundNo + " belongs to another order");
    }
    RefundRecord made = channel.refund(outTradeNo, refundNo, refund.toDecimalString(), reason);
    return answers.json(200, TradeJson.refund(made, captured(outTradeNo), keys));
  }

  ServerResponse queryRefund(ServerRequest request) {
    authenticated(request);
    String refundNo = request.pathVariable("outRefundNo");
    String outTradeNo = refundOrders.get(refundNo);
    if (outTradeNo == null) {
      throw new WechatPayError(404, "RESOURCE_NOT_EXISTS", "no refund " + refundNo);
    }
    RefundRecord refund = channel.findRefund(outTradeNo, refundNo);
    return answers.json(200, TradeJson.refund(refund, captured(outTradeNo), keys));
  }

  ServerResponse onError(Throwable error, ServerRequest request) {
    if (error instanceof WechatPayError wechat) {
      return answers.error(wechat);
    }
    if (error instanceof SandboxException refusal) {
      return answers.error(WechatPayError.of(refusal, request.path().contains("/v3/refund/")));
    }
    log.error("Sandbox WeChat Pay failed on {} {}", request.method(), request.path(), error);
    return answers.error(
        new WechatPayError(500, "SYSTEM_ERROR", "the sandbox failed; see its log"));
  }

  /** The raw body, once the Authorization header is checked against it. */
  byte[] authenticated(ServerRequest request) {
    byte[] body;
    try {
      body = request.servletRequest().getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the request body", e);
    }
    // the client signed the path it built (/v3/...), before anyone put it under a prefix
    String path = request.servletRequest().getRequestURI();
    if (!path.startsWith(prefix)) {
      throw WechatPayError.signError("unexpected path " + path);
    }
    String query = request.servletRequest().getQueryString();
    String url = path.substring(prefix.length()) + (query == null ? "" : "?" + query);
    signatures.require(
        request.headers().firstHeader("Authorization"), request.method().name(), url, body);
    return body;
  }

  /** A paid order as it stands, never lagging (refunds are only made of captures). */
  private PspOrderSnapshot captured(String outTradeNo) {
    return channel.captures().stream()
        .filter(order -> order.merchantOrderNo().equals(outTradeNo))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("refunded order " + outTradeNo + " vanished"));
  }

  private static JsonNode json(byte[] body) {
    JsonNode json;
    try {
      json = SandboxJson.read(body, JsonNode.class);
    } catch (SandboxException e) {
      throw WechatPayError.paramError(e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw WechatPayError.paramError("the body must be a JSON object");
    }
    return json;
  }

  private static String text(JsonNode object, String field) {
    String value = optionalText(object, field);
    if (value == null || value.isEmpty()) {
      throw WechatPayError.paramError(field + " is required");
    }
    return value;
  }

  /** WeChat Pay's length limits, in characters: a longer field is PARAM_ERROR, nothing done. */
  private static String atMost(String value, String field, int characters) {
    if (value != null && value.codePointCount(0, value.length()) > characters) {
      throw WechatPayError.paramError(field + " is longer than " + characters + " characters");
    }
    return value;
  }

  private static String optionalText(JsonNode object, String field) {
    JsonNode value = object.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw WechatPayError.paramError(field + " must be a string");
    }
    return value.stringValue();
  }

  private static void requireValue(JsonNode object, String field, String expected) {
    if (!expected.equals(text(object, field))) {
      throw WechatPayError.paramError(field + " is not this merchant's");
    }
  }

  /** An integer number of fen, in CNY (the currency WeChat Pay's domestic APIs take). */
  private static Amount amount(JsonNode amount, String field) {
    JsonNode value = amount.path(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() <= 0) {
      throw WechatPayError.paramError("amount." + field + " must be a positive integer of fen");
    }
    String currency = optionalText(amount, "currency");
    if (currency != null && !currency.equals("CNY")) {
      throw WechatPayError.paramError("amount.currency must be CNY");
    }
    return new Amount(value.longValue(), CNY);
  }

  private static URI uri(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw WechatPayError.paramError("notify_url is not a URL");
    }
  }
}
