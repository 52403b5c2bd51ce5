package com.payonce.activities.channel.wechat;

import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.CreatePayment;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.payments.h5.H5Service;
import com.wechat.pay.java.service.payments.h5.model.H5Info;
import com.wechat.pay.java.service.payments.h5.model.SceneInfo;
import com.wechat.pay.java.service.payments.nativepay.NativePayService;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Opens a payment: Native answers a code_url for a QR code, H5 an h5_url to redirect to. Neither
 * answers a WeChat Pay order id (transaction_id comes with the payment), so the channel order id is
 * the out_trade_no. The order expires with the payment (time_expire).
 */
final class WechatPayCreate {

  /** WeChat Pay refuses a longer description (PARAM_ERROR) outright. */
  private static final int DESCRIPTION_LIMIT = 127;

  private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);

  private final WechatPaySettings settings;
  private final NativePayService nativePay;
  private final H5Service h5;
  private final WechatPayCalls calls;

  WechatPayCreate(
      WechatPaySettings settings, NativePayService nativePay, H5Service h5, WechatPayCalls calls) {
    this.settings = settings;
    this.nativePay = nativePay;
    this.h5 = h5;
    this.calls = calls;
  }

  ChannelOrder create(CreatePayment request) {
    int total = (int) calls.fen(request.amount(), ChannelFailure.CHANNEL_REJECTED);
    String description =
        WechatPayCalls.atMost(
            DESCRIPTION_LIMIT,
            request.description() == null || request.description().isBlank()
                ? "payonce " + request.orderId()
                : request.description());
    String timeExpire =
        Instant.ofEpochMilli(request.expiresAtMillis())
            .truncatedTo(ChronoUnit.SECONDS)
            .atOffset(BEIJING)
            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    String payUrl;
    try {
      payUrl =
          calls.sdk(
              "create " + request.attemptId(),
              () ->
                  "h5".equals(settings.product())
                      ? h5Prepay(request, description, timeExpire, total)
                      : nativePrepay(request, description, timeExpire, total));
    } catch (ServiceException e) {
      if ("ORDER_CLOSED".equals(e.getErrorCode())) {
        // a retried create of a number WeChat Pay has closed (expired, or closed meanwhile)
        throw new ChannelRefusal(
            ChannelFailure.ATTEMPT_CLOSED,
            calls.channel() + " has " + request.attemptId() + " closed: ORDER_CLOSED");
      }
      throw WechatPayFailures.classify(
          calls.channel(), "create " + request.attemptId(), e, ChannelFailure.CHANNEL_REJECTED);
    }
    if (payUrl == null || payUrl.isBlank()) {
      throw new IllegalStateException(calls.channel() + " answered create without a pay URL");
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
    amount.setCurrency(WechatPayCalls.CNY);
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
    amount.setCurrency(WechatPayCalls.CNY);
    prepay.setAmount(amount);
    SceneInfo scene = new SceneInfo();
    scene.setPayerClientIp("0.0.0.0");
    H5Info info = new H5Info();
    info.setType("Wap");
    scene.setH5Info(info);
    prepay.setSceneInfo(scene);
    return h5.prepay(prepay).getH5Url();
  }
}
