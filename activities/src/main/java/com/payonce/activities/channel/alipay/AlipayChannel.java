package com.payonce.activities.channel.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayRequest;
import com.alipay.api.AlipayResponse;
import com.alipay.api.domain.AlipayTradeCloseModel;
import com.alipay.api.domain.AlipayTradeFastpayRefundQueryModel;
import com.alipay.api.domain.AlipayTradePagePayModel;
import com.alipay.api.domain.AlipayTradePrecreateModel;
import com.alipay.api.domain.AlipayTradeQueryModel;
import com.alipay.api.domain.AlipayTradeRefundModel;
import com.alipay.api.domain.AlipayTradeWapPayModel;
import com.alipay.api.request.AlipayTradeCloseRequest;
import com.alipay.api.request.AlipayTradeFastpayRefundQueryRequest;
import com.alipay.api.request.AlipayTradePagePayRequest;
import com.alipay.api.request.AlipayTradePrecreateRequest;
import com.alipay.api.request.AlipayTradeQueryRequest;
import com.alipay.api.request.AlipayTradeRefundRequest;
import com.alipay.api.request.AlipayTradeWapPayRequest;
import com.alipay.api.response.AlipayTradeCloseResponse;
import com.alipay.api.response.AlipayTradeFastpayRefundQueryResponse;
import com.alipay.api.response.AlipayTradePrecreateResponse;
import com.alipay.api.response.AlipayTradeQueryResponse;
import com.alipay.api.response.AlipayTradeRefundResponse;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Alipay through its official SDK. out_trade_no is the attempt id and out_request_no the refund
 * number, so every call here is safe to retry. The SDK signs each request with the app's key and
 * refuses an answer whose signature Alipay's public key does not verify (an exception: retried).
 */
public class AlipayChannel implements PaymentChannel {

  private static final String CNY = "CNY";
  private static final DateTimeFormatter BEIJING_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

  private final AlipaySettings settings;
  private final AlipayClients clients;
  private final AlipayNotices notices;

  public AlipayChannel(AlipaySettings settings) {
    if (!"precreate".equals(settings.product())
        && !"page".equals(settings.product())
        && !"wap".equals(settings.product())) {
      throw new IllegalArgumentException(
          "Alipay product must be precreate, page or wap, not " + settings.product());
    }
    this.settings = settings;
    this.clients = new AlipayClients(settings);
    this.notices = new AlipayNotices(settings.alipayPublicKey(), settings.appId());
  }

  @Override
  public String name() {
    return settings.name();
  }

  /**
   * precreate answers a QR code; page and wap build the signed URL the customer's browser opens (no
   * call: Alipay creates the trade when it is opened). Either way the trade expires with the
   * payment ({@code time_expire}), so a code cannot outlive its order. Alipay's trade_no is not
   * known before the customer acts, so the channel order id is out_trade_no.
   */
  @Override
  public ChannelOrder create(CreatePayment request) {
    if (!CNY.equals(request.amount().currency())) {
      throw new ChannelRefusal(
          ChannelFailure.CHANNEL_REJECTED, "Alipay takes CNY only, not " + request.amount());
    }
    String timeExpire = BEIJING_TIME.format(Instant.ofEpochMilli(request.expiresAtMillis()));
    String subject =
        AlipayAnswers.atMost(
            256, request.description() == null ? request.orderId() : request.description());
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
    AlipayTradePrecreateResponse response = execute(precreate);
    if (!AlipayAnswers.succeeded(response)) {
      throw AlipayAnswers.failure(name(), response, ChannelFailure.CHANNEL_REJECTED);
    }
    if (response.getQrCode() == null || response.getQrCode().isBlank()) {
      throw new IllegalStateException(name() + " answered precreate without a qr_code");
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
      throw new IllegalStateException(name() + " could not sign the pay URL", e);
    }
  }

  /**
   * A trade Alipay does not know is NOT_FOUND (a precreated code nobody scanned yet). After a full
   * refund Alipay reads the trade TRADE_CLOSED: a closed trade that was paid (send_pay_date set) is
   * reported PAID and fully refunded. A partial refund leaves it TRADE_SUCCESS and Alipay's query
   * has no refunded total, so refundedMinor is then 0: payonce only refunds whole captures, and
   * partial refunds made elsewhere are reconciliation's to find.
   */
  @Override
  public ChannelPayment query(String attemptId) {
    AlipayTradeQueryModel model = new AlipayTradeQueryModel();
    model.setOutTradeNo(attemptId);
    AlipayTradeQueryRequest request = new AlipayTradeQueryRequest();
    request.setBizModel(model);
    AlipayTradeQueryResponse response = execute(request);
    if (!AlipayAnswers.succeeded(response)) {
      if (AlipayAnswers.is(response, "ACQ.TRADE_NOT_EXIST")) {
        return new ChannelPayment(ChannelPayment.Status.NOT_FOUND, null, 0);
      }
      throw AlipayAnswers.failure(name(), response, ChannelFailure.CHANNEL_REJECTED);
    }
    String status = response.getTradeStatus();
    if (status == null) {
      throw unknownStatus(attemptId, null);
    }
    Money zero = new Money(0, CNY);
    return switch (status) {
      case "WAIT_BUYER_PAY" -> new ChannelPayment(ChannelPayment.Status.WAIT_PAY, zero, 0);
      case "TRADE_SUCCESS", "TRADE_FINISHED" ->
          new ChannelPayment(ChannelPayment.Status.PAID, paid(attemptId, response), 0);
      case "TRADE_CLOSED" -> {
        if (response.getSendPayDate() == null) {
          yield new ChannelPayment(ChannelPayment.Status.CLOSED, zero, 0);
        }
        Money paid = paid(attemptId, response);
        yield new ChannelPayment(ChannelPayment.Status.PAID, paid, paid.minor());
      }
      default -> throw unknownStatus(attemptId, status);
    };
  }

  /**
   * total_amount: what the trade was for, and what a full refund gives back (receipt_amount is less
   * when the merchant funds a discount). An amount payonce cannot hold is refused for good: asking
   * again gets the same answer, and an operator has to settle it.
   */
  private Money paid(String attemptId, AlipayTradeQueryResponse response) {
    String amount = response.getTotalAmount();
    try {
      return Money.ofDecimal(amount, CNY);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ChannelRefusal(
          ChannelFailure.CHANNEL_REJECTED,
          name()
              + " reports "
              + amount
              + " CNY paid for "
              + attemptId
              + ", which payonce cannot hold ("
              + e.getMessage()
              + "): an operator must settle it");
    }
  }

  private IllegalStateException unknownStatus(String attemptId, String status) {
    return new IllegalStateException(
        name() + " answered trade_status " + status + " for " + attemptId + "; outcome unknown");
  }

  /**
   * ACQ.TRADE_NOT_EXIST is CLOSED: nothing by that number can be paid now, though a precreated code
   * nobody scanned yet stays payable until its time_expire (Alipay closes nothing then); payonce
   * keeps watching the attempt until it expires and refunds a late capture. A trade Alipay will not
   * close because of its state is looked up to tell paid from being paid.
   */
  @Override
  public CloseResult close(String attemptId) {
    AlipayTradeCloseModel model = new AlipayTradeCloseModel();
    model.setOutTradeNo(attemptId);
    AlipayTradeCloseRequest request = new AlipayTradeCloseRequest();
    request.setBizModel(model);
    AlipayTradeCloseResponse response = execute(request);
    if (AlipayAnswers.succeeded(response) || AlipayAnswers.is(response, "ACQ.TRADE_NOT_EXIST")) {
      return CloseResult.CLOSED;
    }
    if (AlipayAnswers.is(response, "ACQ.TRADE_STATUS_ERROR")
        || AlipayAnswers.is(response, "ACQ.REASON_TRADE_STATUS_INVALID")
        || AlipayAnswers.is(response, "ACQ.REASON_ILLEGAL_STATUS")
        || AlipayAnswers.is(response, "ACQ.TRADE_HAS_SUCCESS")
        || AlipayAnswers.is(response, "ACQ.TRADE_HAS_FINISHED")) {
      return switch (query(attemptId).status()) {
        case PAID -> CloseResult.ALREADY_PAID;
        case CLOSED -> CloseResult.CLOSED;
        case WAIT_PAY, NOT_FOUND -> CloseResult.CUSTOMER_PAYING;
      };
    }
    throw AlipayAnswers.failure(name(), response, ChannelFailure.CHANNEL_REJECTED);
  }

  /** fund_change Y: the money went back; N: accepted, not done yet (or done by an earlier call). */
  @Override
  public ChannelRefundStatus refund(RefundPayment refund) {
    AlipayTradeRefundModel model = new AlipayTradeRefundModel();
    model.setOutTradeNo(refund.attemptId());
    model.setOutRequestNo(refund.refundNo());
    model.setRefundAmount(refund.amount().toDecimal());
    model.setRefundReason(AlipayAnswers.atMost(256, refund.reason()));
    AlipayTradeRefundRequest request = new AlipayTradeRefundRequest();
    request.setBizModel(model);
    AlipayTradeRefundResponse response = execute(request);
    if (!AlipayAnswers.succeeded(response)) {
      throw AlipayAnswers.failure(name(), response, ChannelFailure.REFUND_REJECTED);
    }
    if ("Y".equals(response.getFundChange())) {
      return ChannelRefundStatus.SUCCEEDED;
    }
    if ("N".equals(response.getFundChange())) {
      return ChannelRefundStatus.PROCESSING;
    }
    throw new IllegalStateException(
        name() + " answered fund_change " + response.getFundChange() + "; outcome unknown");
  }

  /**
   * REFUND_SUCCESS is SUCCEEDED. Alipay's docs give no other status: an answer without it means the
   * refund was not received, failed, or is not done yet. NOT_FOUND makes payonce send the refund
   * again with the same out_request_no, which Alipay never makes twice: an unfinished one answers
   * fund_change N (PROCESSING) and a lost one is made. PROCESSING instead would wait for ever on a
   * refund Alipay never received.
   */
  @Override
  public ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
    AlipayTradeFastpayRefundQueryModel model = new AlipayTradeFastpayRefundQueryModel();
    model.setOutTradeNo(attemptId);
    model.setOutRequestNo(refundNo);
    AlipayTradeFastpayRefundQueryRequest request = new AlipayTradeFastpayRefundQueryRequest();
    request.setBizModel(model);
    AlipayTradeFastpayRefundQueryResponse response = execute(request);
    if (!AlipayAnswers.succeeded(response)) {
      if (AlipayAnswers.is(response, "ACQ.TRADE_NOT_EXIST")) {
        return ChannelRefundStatus.NOT_FOUND;
      }
      throw AlipayAnswers.failure(name(), response, ChannelFailure.REFUND_REJECTED);
    }
    String status = response.getRefundStatus();
    if (status == null || status.isEmpty()) {
      return ChannelRefundStatus.NOT_FOUND;
    }
    if ("REFUND_SUCCESS".equals(status)) {
      return ChannelRefundStatus.SUCCEEDED;
    }
    throw new IllegalStateException(
        name() + " answered refund_status " + status + " for " + refundNo + "; outcome unknown");
  }

  @Override
  public WebhookEvent verifyWebhook(HttpHeaders headers, String rawBody) {
    return notices.verify(rawBody);
  }

  /** Alipay stops resending only on these seven characters. */
  @Override
  public ResponseEntity<String> acknowledgement() {
    return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("success");
  }

  /**
   * No answer, an unreadable one, or one whose signature fails or is missing: the outcome is
   * unknown. The SDK checks a signature only where there is one on an error answer, so an unsigned
   * error (which Alipay never sends) is refused here rather than believed.
   */
  private <T extends AlipayResponse> T execute(AlipayRequest<T> request) {
    T response;
    try {
      response = clients.client().execute(request);
    } catch (AlipayApiException e) {
      throw new IllegalStateException(
          name() + " " + request.getApiMethodName() + " failed: " + e.getErrMsg(), e);
    }
    if (!AlipayAnswers.signed(request, response)) {
      throw new IllegalStateException(
          name() + " answered " + request.getApiMethodName() + " unsigned; outcome unknown");
    }
    return response;
  }
}
