package com.payonce.activities.channel.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayRequest;
import com.alipay.api.AlipayResponse;
import com.alipay.api.domain.AlipayTradePagePayModel;
import com.alipay.api.domain.AlipayTradePrecreateModel;
import com.alipay.api.domain.AlipayTradeWapPayModel;
import com.alipay.api.request.AlipayTradePagePayRequest;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.request.AlipayTradeWapPayRequest;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.CreatePayment;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Opens a payment. precreate answers a QR code; page and wap build the signed URL the customer's
 * browser opens (no call: Alipay creates the trade when it is opened). Either way the trade expires
 * with the payment ({@code time_expire}), so a code cannot outlive its order. Alipay's trade_no is
 * not known before the customer acts, so the channel order id is out_trade_no.
 */
final class AlipayCreate {

  private static final DateTimeFormatter BEIJING_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

  /** Alipay refuses a longer subject (ACQ.INVALID_PARAMETER) outright. */
  private static final int SUBJECT_LIMIT = 256;

  private final AlipaySettings settings;
  private final AlipayClients clients;

  AlipayCreate(AlipaySettings settings, AlipayClients clients) {
    this.settings = settings;
    this.clients = clients;
  }

  ChannelOrder create(CreatePayment request) {
    if (!AlipayChannel.CNY.equals(request.amount().currency())) {
      throw new ChannelRefusal(
          ChannelFailure.CHANNEL_REJECTED, "Alipay takes CNY only, not " + request.amount());
    }
    String timeExpire = BEIJING_TIME.format(Instant.ofEpochMilli(request.expiresAtMillis()));
    String subject =
        AlipayAnswers.atMost(
            SUBJECT_LIMIT,
            request.description() == null ? request.orderId() : request.description());
    return switch (settings.product()) {
      case "precreate" -> precreate(request, subject, timeExpire);
      case "page" -> {
        AlipayTradePagePayModel model = new AlipayTradePagePayModel();
        model.setOutTradeNo(request.attemptId());
        model.setTotalAmount(request.amount().toDecimal());
        model.setSubject(subject);
        model.setProductCode("FAST_INSTANT_TRADE_PAY");
        model.setTimeExpire(timeExpire);
        AlipayTradePagePayRequest page = new AlipayTradePagePayRequest();
        page.setBizModel(model);
        yield new ChannelOrder(request.attemptId(), browserUrl(page));
      }
      default -> {
        AlipayTradeWapPayModel model = new AlipayTradeWapPayModel();
        model.setOutTradeNo(request.attemptId());
        model.setTotalAmount(request.amount().toDecimal());
        model.setSubject(subject);
        model.setProductCode("QUICK_WAP_WAY");
        model.setTimeExpire(timeExpire);
        AlipayTradeWapPayRequest wap = new AlipayTradeWapPayRequest();
        wap.setBizModel(model);
        yield new ChannelOrder(request.attemptId(), browserUrl(wap));
      }
    };
  }

  private ChannelOrder precreate(CreatePayment request, String subject, String timeExpire) {
    AlipayTradePrecreateModel model = new AlipayTradePrecreateModel();
    model.setOutTradeNo(request.attemptId());
    model.setTotalAmount(request.amount().toDecimal());
    model.setSubject(subject);
    model.setTimeExpire(timeExpire);
    AlipayTradePrecreateRequest precreate = new AlipayTradePrecreateRequest();
    precreate.setBizModel(model);
    precreate.setNotifyUrl(settings.notifyUrl().get());
    AlipayTradePrecreateResponse response = clients.execute(precreate);
    if (AlipayAnswers.is(response, "ACQ.TRADE_HAS_CLOSE")) {
      // a retried create of a number Alipay has closed (expired, or closed meanwhile)
      throw new ChannelRefusal(
          ChannelFailure.ATTEMPT_CLOSED,
          settings.name() + " has " + request.attemptId() + " closed: ACQ.TRADE_HAS_CLOSE");
    }
    if (!AlipayAnswers.succeeded(response)) {
      throw AlipayAnswers.failure(settings.name(), response, ChannelFailure.CHANNEL_REJECTED);
    }
    if (response.getQrCode() == null || response.getQrCode().isBlank()) {
      throw new IllegalStateException(settings.name() + " answered precreate without a qr_code");
    }
    return new ChannelOrder(request.attemptId(), response.getQrCode());
  }

  private <T extends AlipayResponse> String browserUrl(AlipayRequest<T> request) {
    request.setNotifyUrl(settings.notifyUrl().get());
    if (settings.returnUrl() != null) {
      request.setReturnUrl(settings.returnUrl());
    }
    try {
      return clients.client().pageExecute(request, "GET").getBody();
    } catch (AlipayApiException e) {
      throw new IllegalStateException(settings.name() + " could not sign the pay URL", e);
    }
  }
}
