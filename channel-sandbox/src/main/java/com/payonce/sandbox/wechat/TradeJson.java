package com.payonce.sandbox.wechat;

import com.payonce.sandbox.channel.Amount;
import com.payonce.sandbox.channel.PspOrderSnapshot;
import com.payonce.sandbox.channel.PspRefundStatus;
import com.payonce.sandbox.channel.RefundRecord;
import com.payonce.sandbox.keys.ChannelKeys;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transaction and refund objects of WeChat Pay API v3, as query answers and as the plaintext of
 * notifications. Amounts are integer fen. The simulator does not remember which product created an
 * order and reports NATIVE for all (payonce never reads trade_type).
 */
final class TradeJson {

  private TradeJson() {}

  /**
   * trade_state: NOTPAY until the customer scans, USERPAYING while they pay, SUCCESS once paid,
   * REFUND once anything of it was refunded, CLOSED when closed or expired. Once paid, {@code
   * total} is what the channel captured (an amountTamper fault makes it differ from the order
   * amount).
   */
  static Map<String, Object> transaction(PspOrderSnapshot order, ChannelKeys keys) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("appid", keys.appId());
    json.put("mchid", keys.merchantId());
    json.put("out_trade_no", order.merchantOrderNo());
    json.put("trade_type", "NATIVE");
    String state = tradeState(order);
    json.put("trade_state", state);
    json.put("trade_state_desc", describe(state));
    Map<String, Object> amount = new LinkedHashMap<>();
    if (order.captured()) {
      json.put("transaction_id", order.channelOrderId());
      json.put("bank_type", "OTHERS");
      json.put("attach", "");
      json.put("success_time", ChinaTime.format(order.paidAt()));
      json.put("payer", Map.of("openid", "o" + hex(order.merchantOrderNo(), 27)));
      amount.put("total", order.paid().minor());
      amount.put("payer_total", order.paid().minor());
      amount.put("currency", code(order.paid()));
      amount.put("payer_currency", code(order.paid()));
    } else {
      amount.put("total", order.amount().minor());
      amount.put("currency", code(order.amount()));
    }
    json.put("amount", amount);
    return json;
  }

  /** A refund as the create and query refund APIs answer it. */
  static Map<String, Object> refund(RefundRecord refund, PspOrderSnapshot order, ChannelKeys keys) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("refund_id", refundId(refund.refundNo()));
    json.put("out_refund_no", refund.refundNo());
    json.put("transaction_id", order.channelOrderId());
    json.put("out_trade_no", order.merchantOrderNo());
    json.put("channel", "ORIGINAL");
    json.put("user_received_account", "支付用户零钱");
    if (refund.refundedAt() != null) {
      json.put("success_time", ChinaTime.format(refund.refundedAt()));
    }
    json.put("create_time", ChinaTime.format(refund.requestedAt()));
    json.put("status", refund.status() == PspRefundStatus.SUCCEEDED ? "SUCCESS" : "PROCESSING");
    json.put("funds_account", "AVAILABLE");
    json.put("amount", refundAmount(order.paid(), refund.amount()));
    json.put("promotion_detail", List.of());
    return json;
  }

  /** The plaintext of a REFUND.SUCCESS notification. */
  static Map<String, Object> refundNotice(
      PspOrderSnapshot order,
      String refundNo,
      Amount refunded,
      Instant refundedAt,
      ChannelKeys keys) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("mchid", keys.merchantId());
    json.put("out_trade_no", order.merchantOrderNo());
    json.put("transaction_id", order.channelOrderId());
    json.put("out_refund_no", refundNo);
    json.put("refund_id", refundId(refundNo));
    json.put("refund_status", "SUCCESS");
    json.put("success_time", ChinaTime.format(refundedAt));
    json.put("user_received_account", "支付用户零钱");
    Map<String, Object> amount = new LinkedHashMap<>();
    amount.put("total", order.paid().minor());
    amount.put("refund", refunded.minor());
    amount.put("payer_total", order.paid().minor());
    amount.put("payer_refund", refunded.minor());
    json.put("amount", amount);
    return json;
  }

  private static Map<String, Object> refundAmount(Amount paid, Amount refund) {
    Map<String, Object> amount = new LinkedHashMap<>();
    amount.put("total", paid.minor());
    amount.put("refund", refund.minor());
    amount.put("from", List.of());
    amount.put("payer_total", paid.minor());
    amount.put("payer_refund", refund.minor());
    amount.put("settlement_refund", refund.minor());
    amount.put("settlement_total", paid.minor());
    amount.put("discount_refund", 0);
    amount.put("currency", code(refund));
    return amount;
  }

  private static String tradeState(PspOrderSnapshot order) {
    return switch (order.status()) {
      case WAIT_PAY -> order.scanned() ? "USERPAYING" : "NOTPAY";
      case PAID -> order.refunded().minor() > 0 ? "REFUND" : "SUCCESS";
      case CLOSED -> "CLOSED";
    };
  }

  private static String describe(String state) {
    return switch (state) {
      case "NOTPAY" -> "订单未支付";
      case "USERPAYING" -> "用户支付中";
      case "SUCCESS" -> "支付成功";
      case "REFUND" -> "转入退款";
      default -> "订单已关闭";
    };
  }

  private static String code(Amount amount) {
    return amount.currency().getCurrencyCode();
  }

  /** Stable per refund number, so a repeated create answers the same refund_id. */
  static String refundId(String refundNo) {
    return "50" + hex(refundNo, 30);
  }

  private static String hex(String seed, int length) {
    String hex = HexFormat.of().formatHex(Integer.toHexString(seed.hashCode()).getBytes());
    StringBuilder text = new StringBuilder();
    while (text.length() < length) {
      text.append(hex);
    }
    return text.substring(0, length);
  }
}
