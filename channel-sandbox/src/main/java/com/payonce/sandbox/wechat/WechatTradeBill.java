package com.payonce.sandbox.wechat;

import com.payonce.sandbox.channel.BillCsv;
import com.payonce.sandbox.channel.BillEntry;
import com.payonce.sandbox.channel.DailyBill;
import com.payonce.sandbox.keys.ChannelKeys;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * WeChat Pay's trade bill (交易账单) as its download serves it, UTF-8: the column header, one row per
 * payment (交易状态 SUCCESS) or refund (REFUND) with every value prefixed by a backtick so that
 * spreadsheet programs keep long numbers as text, then the summary header and its row. Amounts are
 * yuan with two decimals; 手续费 is negative on a refund row (the fee given back).
 */
final class WechatTradeBill {

  static final String[] COLUMNS = {
    "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态", "付款银行",
    "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态", "商品名称",
    "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注"
  };

  static final String[] SUMMARY = {
    "总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额"
  };

  /** The customer's openid in the payer's app: the simulator has no customers, so one stands in. */
  private static final String OPENID = "oSandboxPayer000000000000000";

  private WechatTradeBill() {}

  /** Writes the bill of {@code type} (ALL, SUCCESS or REFUND) to {@code out}, not closing it. */
  static void write(
      DailyBill bill, String type, int feeBasisPoints, ChannelKeys keys, OutputStream out) {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    BillCsv.row(writer, COLUMNS);
    String rate = BigDecimal.valueOf(feeBasisPoints, 2).toPlainString() + "%";
    Totals totals = new Totals();
    bill.forEach(
        entry -> {
          boolean capture = entry.kind() == BillEntry.Kind.CAPTURE;
          if (("SUCCESS".equals(type) && !capture) || ("REFUND".equals(type) && capture)) {
            return;
          }
          long settled = capture ? entry.amount().minor() : 0;
          long refunded = capture ? 0 : entry.amount().minor();
          totals.add(settled, refunded, entry.fee());
          BillCsv.row(
              writer,
              ticked(
                  BillCsv.time(entry.at()),
                  keys.appId(),
                  keys.merchantId(),
                  "0",
                  "",
                  entry.channelOrderId(),
                  entry.merchantOrderNo(),
                  OPENID,
                  "NATIVE",
                  capture ? "SUCCESS" : "REFUND",
                  "OTHERS",
                  entry.amount().currency().getCurrencyCode(),
                  BillCsv.yuan(settled),
                  "0.00",
                  capture ? "0" : TradeJson.refundId(entry.refundNo()),
                  capture ? "0" : entry.refundNo(),
                  BillCsv.yuan(refunded),
                  "0.00",
                  capture ? "" : "ORIGINAL",
                  capture ? "" : "SUCCESS",
                  "",
                  "",
                  BillCsv.yuan(entry.fee()),
                  rate,
                  BillCsv.yuan(settled),
                  BillCsv.yuan(refunded),
                  ""));
        });
    BillCsv.row(writer, SUMMARY);
    BillCsv.row(
        writer,
        ticked(
            Long.toString(totals.rows),
            BillCsv.yuan(totals.settled),
            BillCsv.yuan(totals.refunded),
            "0.00",
            BillCsv.yuan(totals.fees),
            BillCsv.yuan(totals.settled),
            BillCsv.yuan(totals.refunded)));
    try {
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String[] ticked(String... values) {
    String[] ticked = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      ticked[i] = "`" + values[i];
    }
    return ticked;
  }

  private static final class Totals {
    long rows;
    long settled;
    long refunded;
    long fees;

    void add(long settledFen, long refundedFen, long feeFen) {
      rows++;
      settled = Math.addExact(settled, settledFen);
      refunded = Math.addExact(refunded, refundedFen);
      fees = Math.addExact(fees, feeFen);
    }
  }
}
