package com.payonce.sandbox.alipay;

import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxException;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.web.SandboxRoutes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code gateway.do}: reads the gateway parameters from the query string and the form body, checks
 * app_id and the RSA2 signature with the merchant's public key, runs the method, and answers {@code
 * {"<method>_response":{...},"sign":"..."}} with the sign over the exact bytes of the response
 * object, which is where Alipay's SDK cuts the signed text out of the body.
 */
final class AlipayGateway {

  private static final Logger log = LoggerFactory.getLogger(AlipayGateway.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Set<String> BROWSER_METHODS =
      Set.of("alipay.trade.page.pay", "alipay.trade.wap.pay");

  private final PspSimulator simulator;
  private final ChannelKeys keys;
  private final AlipayTrades trades;
  private final AlipayBills bills;
  private final Clock clock = Clock.systemUTC();

  AlipayGateway(PspSimulator simulator, ChannelKeys keys, AlipayBills bills) {
    this.simulator = simulator;
    this.keys = keys;
    this.trades = new AlipayTrades(simulator);
    this.bills = bills;
  }

  ServerResponse handle(ServerRequest request) {
    Map<String, String> params = params(request);
    String method = params.get("method");
    String root =
        method == null || method.isBlank()
            ? "error_response"
            : method.replace('.', '_') + "_response";
    try {
      authenticate(params);
      Map<String, String> biz = bizContent(params.get("biz_content"));
      if (BROWSER_METHODS.contains(method)) {
        PspOrderSnapshot order = trades.open(biz, params.get("notify_url"), clock.instant());
        return ServerResponse.status(302).location(payUrl(request, order)).build();
      }
      Map<String, String> fields =
          switch (method) {
            case "alipay.trade.precreate" -> precreate(request, params, biz);
            case "alipay.trade.query" -> trades.query(biz);
            case "alipay.trade.close" -> trades.close(biz);
            case "alipay.trade.refund" -> trades.refund(biz);
            case "alipay.trade.fastpay.refund.query" -> trades.refundQuery(biz);
            case "alipay.data.dataservice.bill.downloadurl.query" ->
                bills.downloadUrl(request, biz);
            default -> throw AlipayRefusal.invalid("isv.invalid-method", "不存在的方法名");
          };
      ObjectNode answer = JSON.createObjectNode().put("code", "10000").put("msg", "Success");
      fields.forEach(answer::put);
      return signed(root, answer);
    } catch (AlipayRefusal refusal) {
      return signed(root, refusalBody(refusal));
    } catch (SandboxException e) {
      log.warn("Alipay gateway: {} answered {} {}", method, e.code(), e.getMessage());
      return signed(
          root, refusalBody(AlipayRefusal.unavailable("isp.unknow-error", "服务暂不可用（业务系统不可用）")));
    }
  }

  private Map<String, String> precreate(
      ServerRequest request, Map<String, String> params, Map<String, String> biz) {
    PspOrderSnapshot order = trades.create(biz, params.get("notify_url"), clock.instant());
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("out_trade_no", order.merchantOrderNo());
    fields.put("qr_code", payUrl(request, order).toString());
    return fields;
  }

  /** The simulator's own pay action stands in for Alipay's cashier: a test POSTs it to pay. */
  private URI payUrl(ServerRequest request, PspOrderSnapshot order) {
    URI incoming = request.uri();
    return URI.create(
        incoming.getScheme()
            + "://"
            + incoming.getRawAuthority()
            + SandboxRoutes.payPath(simulator.name(), order.merchantOrderNo()));
  }

  /** app_id first, then the signature over every parameter but sign itself (sign_type included). */
  private void authenticate(Map<String, String> params) {
    String appId = params.get("app_id");
    if (appId == null || appId.isBlank()) {
      throw AlipayRefusal.missing("isv.missing-app-id", "缺少appId参数");
    }
    if (!appId.equals(keys.merchantId())) {
      throw AlipayRefusal.invalid("isv.invalid-app-id", "无效的AppID参数");
    }
    String sign = params.get("sign");
    if (sign == null || sign.isBlank()) {
      throw AlipayRefusal.missing("isv.missing-signature", "缺少签名参数");
    }
    if (!"RSA2".equals(params.get("sign_type"))) {
      throw AlipayRefusal.invalid("isv.invalid-signature-type", "无效签名类型");
    }
    String content = AlipayRsa2.content(params, Set.of("sign"));
    if (!AlipayRsa2.verify(content, sign, keys.merchant().getPublic())) {
      throw AlipayRefusal.invalid("isv.invalid-signature", "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配");
    }
  }

  private static Map<String, String> bizContent(String text) {
    if (text == null || text.isBlank()) {
      throw AlipayRefusal.invalidParameter("biz_content is required");
    }
    JsonNode tree;
    try {
      tree = JSON.readTree(text);
    } catch (JacksonException e) {
      throw AlipayRefusal.invalidParameter("biz_content is not JSON");
    }
    if (!tree.isObject()) {
      throw AlipayRefusal.invalidParameter("biz_content is not a JSON object");
    }
    Map<String, String> biz = new LinkedHashMap<>();
    tree.properties()
        .forEach(
            field -> {
              JsonNode value = field.getValue();
              if (value.isValueNode() && !value.isNull()) {
                biz.put(field.getKey(), value.asString());
              }
            });
    return biz;
  }

  private static ObjectNode refusalBody(AlipayRefusal refusal) {
    return JSON.createObjectNode()
        .put("code", refusal.code())
        .put("msg", refusal.msg())
        .put("sub_code", refusal.subCode())
        .put("sub_msg", refusal.subMsg());
  }

  /** The response object is written once; those very characters are signed and sent. */
  private ServerResponse signed(String root, ObjectNode answer) {
    String object = JSON.writeValueAsString(answer);
    String sign = AlipayRsa2.sign(object, keys.platform().getPrivate());
    String body =
        "{" + JSON.writeValueAsString(root) + ":" + object + ",\"sign\":\"" + sign + "\"}";
    return ServerResponse.ok()
        .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
        .body(body);
  }

  /** Query string and form body together; a parameter sent twice keeps its first value. */
  private static Map<String, String> params(ServerRequest request) {
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> param : request.params().entrySet()) {
      if (!param.getValue().isEmpty()) {
        params.put(param.getKey(), param.getValue().get(0));
      }
    }
    return params;
  }
}
