package com.payonce.activities.channel.wechat;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import com.wechat.pay.java.core.RSAPublicKeyConfig;
import com.wechat.pay.java.core.http.DefaultHttpClientBuilder;
import com.wechat.pay.java.core.http.HttpClient;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RSAPublicKeyNotificationConfig;
import com.wechat.pay.java.service.billdownload.BillDownloadServiceExtension;
import com.wechat.pay.java.service.payments.h5.H5Service;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import com.wechat.pay.java.service.refund.RefundService;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import okhttp3.OkHttpClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * WeChat Pay API v3 (direct merchant, WeChat Pay public-key mode) through the official SDK, one
 * class per operation. The out_trade_no sent is the attempt id and the out_refund_no the refund
 * number, which is what makes every call safe to retry. Amounts go as integer fen in CNY, the only
 * currency of WeChat Pay's domestic APIs.
 */
public class WechatPayChannel implements PaymentChannel {

  private final WechatPaySettings settings;
  private final WechatPayCreate creates;
  private final WechatPayQuery queries;
  private final WechatPayClose closes;
  private final WechatPayRefunds refunds;
  private final WechatPayWebhooks webhooks;
  private final WechatPayStatement statements;

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
    HttpClient http = new DefaultHttpClientBuilder().config(config).okHttpClient(okHttp).build();
    NativePayService nativePay = new NativePayService.Builder().httpClient(http).build();
    WechatPayCalls calls = new WechatPayCalls(settings.name());
    this.creates =
        new WechatPayCreate(
            settings, nativePay, new H5Service.Builder().httpClient(http).build(), calls);
    this.queries = new WechatPayQuery(settings, nativePay, calls);
    this.closes = new WechatPayClose(settings, http, calls);
    this.refunds =
        new WechatPayRefunds(
            settings, new RefundService.Builder().httpClient(http).build(), queries, calls);
    this.statements =
        new WechatPayStatement(
            settings.name(),
            new BillDownloadServiceExtension.Builder()
                .httpClient(http)
                .decryptor(config.createDecryptor())
                .build(),
            calls,
            Clock.systemUTC());
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

  /** native answers a weixin:// code URL to show as a QR code; h5 a URL to send the browser to. */
  @Override
  public boolean paysByQrCode() {
    return "native".equals(settings.product());
  }

  /** WeChat Pay's domestic APIs take CNY only, in fen that fit an int (21,474,836.47 CNY). */
  @Override
  public Optional<String> cannotTake(Money amount) {
    if (!WechatPayCalls.CNY.equals(amount.currency())) {
      return Optional.of(name() + " takes CNY only, not " + amount.currency());
    }
    if (amount.minor() > Integer.MAX_VALUE) {
      return Optional.of(name() + " takes at most 21474836.47 CNY");
    }
    return Optional.empty();
  }

  @Override
  public ChannelOrder create(CreatePayment request) {
    return creates.create(request);
  }

  @Override
  public ChannelPayment query(String attemptId) {
    return queries.query(attemptId);
  }

  @Override
  public CloseResult close(String attemptId) {
    return closes.close(attemptId);
  }

  @Override
  public ChannelRefundStatus refund(RefundPayment refund) {
    return refunds.refund(refund);
  }

  @Override
  public ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
    return refunds.queryRefund(attemptId, refundNo);
  }

  @Override
  public WebhookEvent verifyWebhook(HttpHeaders headers, String rawBody) {
    return webhooks.verify(headers, rawBody);
  }

  /** WeChat Pay takes 200 or 204 without a body as received. */
  @Override
  public ResponseEntity<String> acknowledgement() {
    return ResponseEntity.noContent().build();
  }

  @Override
  public long readStatement(LocalDate billDate, Consumer<StatementLine> lines) {
    return statements.read(billDate, lines);
  }

  @Override
  public String toString() {
    return "WechatPayChannel[" + settings + "]";
  }
}
