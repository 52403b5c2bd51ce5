package com.payonce.activities.channel.wechat;

import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.exception.HttpException;
import com.wechat.pay.java.core.exception.MalformedMessageException;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.http.Constant;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.http.HttpHeaders;
import com.wechat.pay.java.core.http.HttpMethod;
import com.wechat.pay.java.core.http.HttpRequest;
import com.wechat.pay.java.core.http.JsonRequestBody;
import com.wechat.pay.java.core.http.MediaType;
import com.wechat.pay.java.core.http.UrlEncoder;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.core.util.GsonUtil;
import com.wechat.pay.java.service.payments.h5.H5Service;
import com.wechat.pay.java.service.payments.h5.model.H5Info;
import com.wechat.pay.java.service.payments.h5.model.SceneInfo;
import com.wechat.pay.java.service.payments.model.Transaction;
import com.wechat.pay.java.service.payments.model.TransactionAmount;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.payments.nativepay.model.CloseOrderRequest;
import com.wechat.pay.java.service.payments.nativepay.model.QueryOrderByOutTradeNoRequest;
import com.wechat.pay.java.service.refund.RefundService;
import com.wechat.pay.java.service.refund.model.AmountReq;
import com.wechat.pay.java.service.refund.model.CreateRequest;
import com.wechat.pay.java.service.refund.model.QueryByOutRefundNoRequest;
import com.wechat.pay.java.service.refund.model.Refund;
import com.wechat.pay.java.service.refund.model.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.springframework.http.ResponseEntity;

/**
 * WeChat Pay API v3 (direct merchant, WeChat Pay public-key mode) through the official SDK. The
 * out_trade_no sent is the attempt id and the out_refund_no the refund number, which is what makes
 * every call here safe to retry. Amounts go as integer fen in CNY, the only currency of WeChat
 * Pay's domestic APIs.
 */
public class WechatPayChannel implements PaymentChannel {

  /** The host the SDK has hard-coded in every request. */
  static final String API_HOST = "https://api.mch.weixin.qq.com";

  private static final String CNY = "CNY";

  /** WeChat Pay refuses a longer description or refund reason (PARAM_ERROR) outright. */
  private static final int DESCRIPTION_LIMIT = 127;

  private static final int REASON_LIMIT = 80;
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

  private final WechatPaySettings settings;
  private final HttpClient http;
  private final NativePayService nativePay;
  private final H5Service h5;
  private final RefundService refunds;
  private final WechatPayWebhooks webhooks;

  public WechatPayChannel(WechatPaySettings settings) {
    if (!"native".equals(settings.product()) && !"h5".equals(settings.product())) {
      throw new IllegalArgumentException(
          settings.name() + ": product must be native or h5, not " + settings.product());
    }
    this.settings = settings;
    RSAPublicKeyConfig config =
        new RSAPublicKeyConfig.Builder()
            .merchantId(settings.merchantId())
            .privateKey(settings.privateKey())
            .merchantSerialNumber(settings.merchantSerialNumber())
            .publicKey(settings.wechatPayPublicKey())
            .publicKeyId(settings.wechatPayPublicKeyId())
            .apiV3Key(settings.apiV3Key())
            .build();
    OkHttpClient okHttp =
        new OkHttpClient.Builder()
            .addInterceptor(new BaseUrlRewrite(settings.baseUrl()))
            .addInterceptor(new SignedErrorAnswers(config.createValidator()))
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .build();
    this.http = new DefaultHttpClientBuilder().config(config).okHttpClient(okHttp).build();
    this.nativePay = new NativePayService.Builder().httpClient(http).build();
    this.h5 = new H5Service.Builder().httpClient(http).build();
    this.refunds = new RefundService.Builder().httpClient(http).build();
    this.webhooks =
        new WechatPayWebhooks(
            new NotificationParser(
                new RSAPublicKeyNotificationConfig.Builder()
                    .publicKey(settings.wechatPayPublicKey())
                    .publicKeyId(settings.wechatPayPublicKeyId())
                    .apiV3Key(settings.apiV3Key())
                    .build()),
            settings.webhookTolerance(),
            Clock.systemUTC());
  }

  @Override
  public String name() {
    return settings.name();
  }

  /**
   * Native answers a code_url for a QR code, H5 an h5_url to redirect to. Neither answers a WeChat
   * Pay order id (transaction_id comes with the payment), so the channel order id is the
   * out_trade_no.
   */
  @Override
  public ChannelOrder create(CreatePayment request) {
    long total = fen(request.amount(), ChannelFailure.CHANNEL_REJECTED);
    String description =
        atMost(
            DESCRIPTION_LIMIT,
            request.description() == null || request.description().isBlank()
                ? "payonce " + request.orderId()
                : request.description());
    String timeExpire =
        Instant.ofEpochMilli(request.expiresAtMillis())
            .truncatedTo(ChronoUnit.SECONDS)
            .atOffset(BEIJING)
            .format(RFC3339);
    String payUrl;
    try {
      payUrl =
          sdk(
              "create " + request.attemptId(),
              () ->
                  "h5".equals(settings.product())
                      ? h5Prepay(request, description, timeExpire, (int) total)
                      : nativePrepay(request, description, timeExpire, (int) total));
    } catch (ServiceException e) {
      throw WechatPayFailures.classify(
          name(), "create " + request.attemptId(), e, ChannelFailure.CHANNEL_REJECTED);
    }
    if (payUrl == null || payUrl.isBlank()) {
      throw new IllegalStateException(name() + " answered create without a pay URL");
    }
    return new ChannelOrder(request.attemptId(), payUrl);
  }

  private String nativePrepay(
      CreatePayment request, String description, String timeExpire, int total) {
    var prepay = new com.wechat.pay.java.service.payments.nativepay.model.PrepayRequest();
    prepay.setAppid(settings.appId());
    prepay.setMchid(settings.merchantId());
    prepay.setDescription(description);
    prepay.setOutTradeNo(request.attemptId());
    prepay.setTimeExpire(timeExpire);
    prepay.setNotifyUrl(settings.notifyUrl().get());
    var amount = new com.wechat.pay.java.service.payments.nativepay.model.Amount();
    amount.setTotal(total);
    amount.setCurrency(CNY);
    prepay.setAmount(amount);
    return nativePay.prepay(prepay).getCodeUrl();
  }

  /**
   * H5 requires the customer's IP, which CreatePayment does not carry yet: payonce sends an
   * unspecified address until it does.
   */
  private String h5Prepay(CreatePayment request, String description, String timeExpire, int total) {
    var prepay = new com.wechat.pay.java.service.payments.h5.model.PrepayRequest();
    prepay.setAppid(settings.appId());
    prepay.setMchid(settings.merchantId());
    prepay.setDescription(description);
    prepay.setOutTradeNo(request.attemptId());
    prepay.setTimeExpire(timeExpire);
    prepay.setNotifyUrl(settings.notifyUrl().get());
    var amount = new com.wechat.pay.java.service.payments.h5.model.Amount();
    amount.setTotal(total);
    amount.setCurrency(CNY);
    prepay.setAmount(amount);
    SceneInfo scene = new SceneInfo();
    scene.setPayerClientIp("0.0.0.0");
    H5Info info = new H5Info();
    info.setType("Wap");
    scene.setH5Info(info);
    prepay.setSceneInfo(scene);
    return h5.prepay(prepay).getH5Url();
  }

  /**
   * REFUND counts the whole capture as refunded: payonce's only refunds of a capture it does not
   * keep are full ones, and trade_state does not say how much went back. A partial refund made
   * outside payonce is reconciliation's to find (the refund APIs and the bills have the amounts).
   */
  @Override
  public ChannelPayment query(String attemptId) {
    Transaction transaction;
    try {
      transaction = transaction(attemptId);
    } catch (ServiceException e) {
      if (WechatPayFailures.is(e, 404, "ORDER_NOT_EXIST")) {
        return new ChannelPayment(ChannelPayment.Status.NOT_FOUND, null, 0);
      }
      throw WechatPayFailures.classify(
          name(), "query " + attemptId, e, ChannelFailure.CHANNEL_REJECTED);
    }
    if (transaction.getTradeState() == null) {
      throw unknown("query " + attemptId, "a trade_state payonce does not know");
    }
    return switch (transaction.getTradeState()) {
      case NOTPAY, USERPAYING ->
          new ChannelPayment(ChannelPayment.Status.WAIT_PAY, zero(transaction), 0);
      case SUCCESS ->
          new ChannelPayment(ChannelPayment.Status.PAID, paid(attemptId, transaction), 0);
      case REFUND -> {
        Money paid = paid(attemptId, transaction);
        yield new ChannelPayment(ChannelPayment.Status.PAID, paid, paid.minor());
      }
      case CLOSED, REVOKED, PAYERROR ->
          new ChannelPayment(ChannelPayment.Status.CLOSED, zero(transaction), 0);
      case ACCEPT -> throw unknown("query " + attemptId, "trade_state ACCEPT");
    };
  }

  /**
   * An amount payonce cannot hold (more fen than the SDK's int, not a whole number, an unknown
   * currency) is refused for good: asking again gets the same signed answer, and an activity
   * retried for ever would hold its order for ever. An operator must settle such a payment.
   */
  private Transaction transaction(String attemptId) {
    QueryOrderByOutTradeNoRequest query = new QueryOrderByOutTradeNoRequest();
    query.setMchid(settings.merchantId());
    query.setOutTradeNo(attemptId);
    Transaction transaction;
    try {
      transaction = sdk("query " + attemptId, () -> nativePay.queryOrderByOutTradeNo(query));
    } catch (MalformedMessageException e) {
      if (causedBy(e, NumberFormatException.class)) {
        throw cannotHold(attemptId, "an amount that is not a whole number of fen payonce can hold");
      }
      throw e;
    }
    if (transaction == null || !attemptId.equals(transaction.getOutTradeNo())) {
      throw unknown("query " + attemptId, "another out_trade_no");
    }
    return transaction;
  }

  private Money paid(String attemptId, Transaction transaction) {
    TransactionAmount amount = transaction.getAmount();
    if (amount == null || amount.getTotal() == null) {
      throw unknown("query " + attemptId, "a paid trade without amount.total");
    }
    try {
      return new Money(
          amount.getTotal(), amount.getCurrency() == null ? CNY : amount.getCurrency());
    } catch (IllegalArgumentException e) {
      throw cannotHold(
          attemptId,
          "amount " + amount.getTotal() + " " + amount.getCurrency() + " (" + e.getMessage() + ")");
    }
  }

  private static Money zero(Transaction transaction) {
    TransactionAmount amount = transaction.getAmount();
    String currency = amount == null || amount.getCurrency() == null ? CNY : amount.getCurrency();
    try {
      return new Money(0, currency);
    } catch (IllegalArgumentException e) {
      return new Money(0, CNY);
    }
  }

  /**
   * The SDK's own closeOrder discards the answer of any 2xx, and WeChat Pay documents USER_PAYING
   * on close with status 202: through closeOrder a close refused because the customer is paying
   * reads as done. So the close goes through the SDK's HTTP client (signed and verified as always)
   * and the body is looked at: 204 and none is CLOSED.
   */
  @Override
  public CloseResult close(String attemptId) {
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
          sdk(
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
                name(), "close " + attemptId, e, ChannelFailure.CHANNEL_REJECTED);
      };
    }
    if (answer == null) {
      return CloseResult.CLOSED;
    }
    if ("USER_PAYING".equals(answer.code) || "USERPAYING".equals(answer.code)) {
      return CloseResult.CUSTOMER_PAYING;
    }
    throw unknown("close " + attemptId, "a 2xx with code " + answer.code);
  }

  /**
   * A refund names the order's total, which payonce does not keep per attempt: it asks the channel
   * first. A query that does not show the capture yet (it may lag) leaves the outcome unknown.
   */
  @Override
  public ChannelRefundStatus refund(RefundPayment refund) {
    String what = "refund " + refund.refundNo() + " of " + refund.attemptId();
    long amount = fen(refund.amount(), ChannelFailure.REFUND_REJECTED);
    Transaction transaction;
    try {
      transaction = transaction(refund.attemptId());
    } catch (ServiceException e) {
      throw WechatPayFailures.classify(name(), what, e, ChannelFailure.REFUND_REJECTED);
    }
    Transaction.TradeStateEnum state = transaction.getTradeState();
    if (state != Transaction.TradeStateEnum.SUCCESS && state != Transaction.TradeStateEnum.REFUND) {
      throw unknown(what, "trade_state " + state + " for a capture payonce saw");
    }
    CreateRequest create = new CreateRequest();
    create.setOutTradeNo(refund.attemptId());
    create.setOutRefundNo(refund.refundNo());
    create.setReason(atMost(REASON_LIMIT, refund.reason()));
    create.setNotifyUrl(settings.notifyUrl().get());
    AmountReq money = new AmountReq();
    money.setRefund(amount);
    money.setTotal((long) paid(refund.attemptId(), transaction).minor());
    money.setCurrency(CNY);
    create.setAmount(money);
    Refund made;
    try {
      made = sdk(what, () -> refunds.create(create));
    } catch (ServiceException e) {
      throw WechatPayFailures.classify(name(), what, e, ChannelFailure.REFUND_REJECTED);
    }
    ChannelRefundStatus status = refundStatus(what, made);
    if (status == ChannelRefundStatus.FAILED) {
      throw new ChannelRefusal(
          ChannelFailure.REFUND_REJECTED,
          name() + " answered " + what + " with " + made.getStatus());
    }
    return status;
  }

  @Override
  public ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
    String what = "refund query " + refundNo + " of " + attemptId;
    QueryByOutRefundNoRequest query = new QueryByOutRefundNoRequest();
    query.setOutRefundNo(refundNo);
    Refund refund;
    try {
      refund = sdk(what, () -> refunds.queryByOutRefundNo(query));
    } catch (ServiceException e) {
      if (WechatPayFailures.is(e, 404, "RESOURCE_NOT_EXISTS")) {
        return ChannelRefundStatus.NOT_FOUND;
      }
      throw WechatPayFailures.classify(name(), what, e, ChannelFailure.REFUND_REJECTED);
    }
    if (refund.getOutTradeNo() != null && !attemptId.equals(refund.getOutTradeNo())) {
      throw unknown(what, "a refund of another order");
    }
    return refundStatus(what, refund);
  }

  /** ABNORMAL (the money could not go back) and CLOSED are FAILED; no status is never success. */
  private ChannelRefundStatus refundStatus(String what, Refund refund) {
    Status status = refund == null ? null : refund.getStatus();
    if (status == null) {
      throw unknown(what, "a refund status payonce does not know");
    }
    return switch (status) {
      case SUCCESS -> ChannelRefundStatus.SUCCEEDED;
      case PROCESSING -> ChannelRefundStatus.PROCESSING;
      case ABNORMAL, CLOSED -> ChannelRefundStatus.FAILED;
    };
  }

  @Override
  public WebhookEvent verifyWebhook(org.springframework.http.HttpHeaders headers, String rawBody) {
    return webhooks.verify(headers, rawBody);
  }

  /** WeChat Pay takes 200 or 204 without a body as received. */
  @Override
  public ResponseEntity<String> acknowledgement() {
    return ResponseEntity.noContent().build();
  }

  /** Whole fen in CNY that fit the SDK's int; anything else WeChat Pay cannot be asked for. */
  private long fen(Money amount, ChannelFailure refusal) {
    if (!CNY.equals(amount.currency())) {
      throw new ChannelRefusal(refusal, name() + " takes CNY only, not " + amount.currency());
    }
    if (amount.minor() <= 0 || amount.minor() > Integer.MAX_VALUE) {
      throw new ChannelRefusal(refusal, name() + " cannot take " + amount.minor() + " fen");
    }
    return amount.minor();
  }

  /**
   * The SDK's failures other than an error answer (no answer, a signature that does not verify, an
   * answer it cannot read) leave the outcome unknown. Their messages hold the whole request,
   * Authorization header included, or the whole answer: one naming the call replaces them.
   */
  private <T> T sdk(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (HttpException e) {
      throw new IllegalStateException(
          name() + " " + what + ": no answer (" + e.getCause() + "): outcome unknown",
          e.getCause());
    } catch (ValidationException e) {
      throw unknown(what, "an answer whose signature does not verify");
    } catch (MalformedMessageException e) {
      if (causedBy(e, NumberFormatException.class)) {
        throw e; // an amount payonce cannot hold: the query says so
      }
      throw unknown(what, "an answer the SDK cannot read");
    }
  }

  /** At most {@code limit} characters (Unicode code points, as WeChat Pay counts them). */
  static String atMost(int limit, String text) {
    if (text == null || text.codePointCount(0, text.length()) <= limit) {
      return text;
    }
    return text.substring(0, text.offsetByCodePoints(0, limit));
  }

  private ChannelRefusal cannotHold(String attemptId, String what) {
    return new ChannelRefusal(
        ChannelFailure.CHANNEL_REJECTED,
        name()
            + " reports "
            + what
            + " for "
            + attemptId
            + ", which payonce cannot hold: an operator must settle it");
  }

  private IllegalStateException unknown(String call, String what) {
    return new IllegalStateException(
        name() + " answered " + call + " with " + what + ": outcome unknown");
  }

  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "WechatPayChannel[" + settings + "]";
  }
}
