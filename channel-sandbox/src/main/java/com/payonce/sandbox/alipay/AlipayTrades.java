package com.payonce.sandbox.alipay;

import com.payonce.sandbox.channel.Amount;
import com.payonce.sandbox.channel.NewOrder;
import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.channel.PspOrderStatus;
import com.payonce.sandbox.channel.PspRefundStatus;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.RefundRecord;
import com.payonce.sandbox.channel.SandboxException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trade methods of Alipay's gateway over the simulator: what each answers on success (the
 * fields of its {@code <method>_response}) and which ACQ code each simulator refusal becomes.
 *
 * <p>A precreated trade exists at Alipay only once the customer has scanned its code ({@link
 * PspOrderSnapshot#scanned()}): before that, query, close and refund answer ACQ.TRADE_NOT_EXIST,
 * and a close closes nothing. A page or wap trade exists once the customer's browser has opened its
 * signed URL.
 */
final class AlipayTrades {

  static final Currency CNY = Currency.getInstance("CNY");

  /** Alipay's range for total_amount. */
  private static final long MAX_FEN = 100_000_000_00L;

  /** Precreate's default when neither time_expire nor timeout_express is sent. */
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(3);

  private static final Pattern TIMEOUT_EXPRESS = Pattern.compile("([1-9][0-9]{0,5})([mhd])");

  private final PspSimulator simulator;

  /** out_trade_no of the page and wap trades a browser opened: they exist unscanned. */
  private final Set<String> opened = ConcurrentHashMap.newKeySet();

  AlipayTrades(PspSimulator simulator) {
    this.simulator = simulator;
  }

  /**
   * Registers the trade (the same out_trade_no again answers the same trade) and returns it; a
   * retried create of a trade already paid or closed is refused as Alipay refuses it.
   */
  PspOrderSnapshot create(Map<String, String> biz, String notifyUrl, Instant now) {
    String outTradeNo = required(biz, "out_trade_no");
    Amount amount = amount(required(biz, "total_amount"), "total_amount");
    String subject = atMost(required(biz, "subject"), "subject", 256);
    Instant expiresAt = expiry(biz, now);
    PspOrderSnapshot order;
    try {
      order =
          simulator.create(
              new NewOrder(outTradeNo, amount, subject, notifyUri(notifyUrl), expiresAt));
    } catch (SandboxException e) {
      throw switch (e.code()) {
        case SYSTEM_ERROR -> systemError();
        case ORDER_MISMATCH -> AlipayRefusal.business("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
        default -> AlipayRefusal.invalidParameter(e.getMessage());
      };
    }
    if (order.status() == PspOrderStatus.PAID) {
      throw AlipayRefusal.business("ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
    }
    if (order.status() == PspOrderStatus.CLOSED) {
      throw AlipayRefusal.business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
    }
    return order;
  }

  /** A page or wap pay URL was opened: the trade now exists at Alipay. */
  PspOrderSnapshot open(Map<String, String> biz, String notifyUrl, Instant now) {
    PspOrderSnapshot order = create(biz, notifyUrl, now);
    opened.add(order.merchantOrderNo());
    return order;
  }

  Map<String, String> query(Map<String, String> biz) {
    PspOrderSnapshot order = existing(required(biz, "out_trade_no"));
    Map<String, String> answer = tradeIds(order);
    answer.put("trade_status", tradeStatus(order));
    // a paid trade's total is what was captured: the amountTamper fault shows as another total
    answer.put(
        "total_amount", (order.captured() ? order.paid() : order.amount()).toDecimalString());
    if (order.captured()) {
      answer.put("receipt_amount", order.paid().toDecimalString());
      answer.put("buyer_pay_amount", order.paid().toDecimalString());
      answer.put("send_pay_date", AlipayTime.format(order.paidAt()));
    } else {
      answer.put("receipt_amount", "0.00");
      answer.put("buyer_pay_amount", "0.00");
    }
    return answer;
  }

  /**
   * Closes a trade that exists. A paid trade is refused with ACQ.TRADE_STATUS_ERROR, one the
   * customer is paying with ACQ.REASON_TRADE_STATUS_INVALID; one never scanned answers
   * ACQ.TRADE_NOT_EXIST and stays payable until it expires.
   */
  Map<String, String> close(Map<String, String> biz) {
    PspOrderSnapshot order = existing(required(biz, "out_trade_no"));
    try {
      simulator.close(order.merchantOrderNo());
    } catch (SandboxException e) {
      throw switch (e.code()) {
        case ORDER_PAID -> AlipayRefusal.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        case USER_PAYING ->
            AlipayRefusal.business("ACQ.REASON_TRADE_STATUS_INVALID", "交易状态异常，买家正在付款");
        case ORDER_NOT_FOUND -> AlipayRefusal.tradeNotExist();
        default -> e;
      };
    }
    return tradeIds(order);
  }

  /**
   * Refunds once per out_request_no (out_trade_no when absent, as Alipay defaults it). fund_change
   * is Y when the money went back now, N while an asynchronous refund is still processing.
   */
  Map<String, String> refund(Map<String, String> biz) {
    String outTradeNo = required(biz, "out_trade_no");
    String outRequestNo = biz.getOrDefault("out_request_no", outTradeNo);
    String refundAmount = required(biz, "refund_amount");
    // bounded by what the trade captured, not by total_amount's range: a capture the simulator's
    // faults made above it (a customer overpaying past the maximum) can still be given back
    yuan(refundAmount, "refund_amount");
    PspOrderSnapshot order = existing(outTradeNo);
    RefundRecord refund;
    try {
      refund =
          simulator.refund(
              outTradeNo,
              outRequestNo,
              refundAmount,
              atMost(biz.get("refund_reason"), "refund_reason", 256));
    } catch (SandboxException e) {
      throw switch (e.code()) {
        case SYSTEM_ERROR -> systemError();
        // Alipay documents no throttling sub_code for refunds: its gateway's own "service
        // unavailable, try later" is what a throttled caller sees.
        case TOO_MANY_REQUESTS -> AlipayRefusal.unavailable("isp.unknow-error", "服务暂不可用（业务系统不可用）");
        case ORDER_NOT_PAID ->
            order.status() == PspOrderStatus.CLOSED
                ? AlipayRefusal.business("ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
                : AlipayRefusal.business("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        case REFUND_EXCEEDS_CAPTURED ->
            AlipayRefusal.business("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
        case REFUND_MISMATCH -> AlipayRefusal.business("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致");
        case ORDER_NOT_FOUND -> AlipayRefusal.tradeNotExist();
        default -> AlipayRefusal.invalidParameter(e.getMessage());
      };
    }
    PspOrderSnapshot after = simulator.find(outTradeNo);
    Map<String, String> answer = tradeIds(order);
    boolean done = refund.status() == PspRefundStatus.SUCCEEDED;
    answer.put("fund_change", done ? "Y" : "N");
    answer.put("refund_fee", after.refunded().toDecimalString());
    if (done) {
      answer.put("gmt_refund_pay", AlipayTime.format(refund.refundedAt()));
    }
    return answer;
  }

  /**
   * A refund the query finds done carries refund_status REFUND_SUCCESS with its amount; one not
   * received, or not done yet, answers 10000 without either (Alipay's docs: ask again later, or
   * send the refund again with the same out_request_no).
   */
  Map<String, String> refundQuery(Map<String, String> biz) {
    String outTradeNo = required(biz, "out_trade_no");
    String outRequestNo = biz.getOrDefault("out_request_no", outTradeNo);
    PspOrderSnapshot order = existing(outTradeNo);
    Map<String, String> answer = tradeIds(order);
    RefundRecord refund;
    try {
      refund = simulator.findRefund(outTradeNo, outRequestNo);
    } catch (SandboxException e) {
      return answer;
    }
    answer.put("out_request_no", outRequestNo);
    answer.put("total_amount", order.amount().toDecimalString());
    if (refund.status() == PspRefundStatus.SUCCEEDED) {
      answer.put("refund_amount", refund.amount().toDecimalString());
      answer.put("refund_status", "REFUND_SUCCESS");
      answer.put("gmt_refund_pay", AlipayTime.format(refund.refundedAt()));
    }
    return answer;
  }

  /** After a full refund Alipay reads the trade TRADE_CLOSED, paid or not. */
  static String tradeStatus(PspOrderSnapshot order) {
    return switch (order.status()) {
      case WAIT_PAY -> "WAIT_BUYER_PAY";
      case CLOSED -> "TRADE_CLOSED";
      case PAID -> order.refunded().equals(order.paid()) ? "TRADE_CLOSED" : "TRADE_SUCCESS";
    };
  }

  private PspOrderSnapshot existing(String outTradeNo) {
    PspOrderSnapshot order;
    try {
      order = simulator.find(outTradeNo);
    } catch (SandboxException e) {
      throw AlipayRefusal.tradeNotExist();
    }
    if (!order.scanned() && !opened.contains(outTradeNo)) {
      throw AlipayRefusal.tradeNotExist();
    }
    return order;
  }

  private static Map<String, String> tradeIds(PspOrderSnapshot order) {
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("trade_no", order.channelOrderId());
    answer.put("out_trade_no", order.merchantOrderNo());
    return answer;
  }

  private static AlipayRefusal systemError() {
    return AlipayRefusal.unavailable("ACQ.SYSTEM_ERROR", "系统异常，请重新发起请求");
  }

  /** Alipay's length limits, in characters: a longer field is ACQ.INVALID_PARAMETER. */
  private static String atMost(String value, String field, int characters) {
    if (value != null && value.codePointCount(0, value.length()) > characters) {
      throw AlipayRefusal.invalidParameter(field + " is longer than " + characters + " characters");
    }
    return value;
  }

  /** Yuan with at most two decimals, more than zero. */
  private static Amount yuan(String yuan, String field) {
    try {
      return Amount.parse(yuan, CNY);
    } catch (SandboxException e) {
      throw AlipayRefusal.invalidParameter(field + ": " + e.getMessage());
    }
  }

  private static String required(Map<String, String> biz, String field) {
    String value = biz.get(field);
    if (value == null || value.isBlank()) {
      throw AlipayRefusal.invalidParameter(field + " is required");
    }
    return value;
  }

  /** Yuan with at most two decimals, within [0.01, 100000000]. */
  private static Amount amount(String yuan, String field) {
    Amount amount = yuan(yuan, field);
    if (amount.minor() > MAX_FEN) {
      throw AlipayRefusal.invalidParameter(field + " must not exceed 100000000");
    }
    return amount;
  }

  private static URI notifyUri(String notifyUrl) {
    if (notifyUrl == null || notifyUrl.isBlank()) {
      return null;
    }
    try {
      return URI.create(notifyUrl);
    } catch (IllegalArgumentException e) {
      throw AlipayRefusal.invalidParameter("notify_url is not a URL");
    }
  }

  /**
   * time_expire (absolute, Beijing time) wins over timeout_express (relative: 1m..15d, or 1c for
   * the end of today); with neither the trade lives 3 hours.
   */
  private static Instant expiry(Map<String, String> biz, Instant now) {
    String timeExpire = biz.get("time_expire");
    if (timeExpire != null && !timeExpire.isBlank()) {
      Instant at = AlipayTime.parse(timeExpire);
      if (at == null) {
        throw AlipayRefusal.invalidParameter("time_expire must be yyyy-MM-dd HH:mm:ss");
      }
      return at;
    }
    String express = biz.get("timeout_express");
    if (express == null || express.isBlank()) {
      return now.plus(DEFAULT_TIMEOUT);
    }
    if ("1c".equals(express)) {
      return LocalDate.ofInstant(now, AlipayTime.BEIJING)
          .plusDays(1)
          .atStartOfDay(AlipayTime.BEIJING)
          .toInstant();
    }
    Matcher matcher = TIMEOUT_EXPRESS.matcher(express);
    if (!matcher.matches()) {
      throw AlipayRefusal.invalidParameter("timeout_express must be like 90m, 2h or 1d");
    }
    long value = Long.parseLong(matcher.group(1));
    Duration timeout =
        switch (matcher.group(2)) {
          case "m" -> Duration.ofMinutes(value);
          case "h" -> Duration.ofHours(value);
          default -> Duration.ofDays(value);
        };
    if (timeout.compareTo(Duration.ofDays(15)) > 0) {
      throw AlipayRefusal.invalidParameter("timeout_express must be at most 15d");
    }
    return now.plus(timeout);
  }
}
