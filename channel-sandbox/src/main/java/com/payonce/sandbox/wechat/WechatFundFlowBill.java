package com.payonce.sandbox.wechat;

import com.payonce.sandbox.channel.BillCsv;
import com.payonce.sandbox.channel.BillEntry;
import com.payonce.sandbox.channel.DailyBill;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * WeChat Pay's fund-flow bill (资金账单) of the basic account, as its download serves it: one row per
 * movement of money (a payment in, its fee out; a refund out, its fee back in), backticked like the
 * trade bill, then the summary header and row. 账户结余 runs from 0.00: the simulator keeps no opening
 * balance.
 */
final class WechatFundFlowBill {

  static final String[] COLUMNS = {
    "记账时间",
    "微信支付业务单号",
    "资金流水单号",
    "业务名称",
    "业务类型",
    "收支类型",
    "收支金额（元）",
    "账户结余（元）",
    "资金变更提交申请人",
    "备注",
    "业务凭证号"
  };

  static final String[] SUMMARY = {"资金流水总笔数", "收入笔数", "收入金额", "支出笔数", "支出金额"};

  private WechatFundFlowBill() {}

  static void write(DailyBill bill, OutputStream out) {
    Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    BillCsv.row(writer, COLUMNS);
    Flows flows = new Flows(writer);
    bill.forEach(
        entry -> {
          if (entry.kind() == BillEntry.Kind.CAPTURE) {
            flows.row(entry, entry.channelOrderId(), "交易", entry.amount().minor());
            flows.row(entry, entry.channelOrderId(), "扣除交易手续费", -entry.fee());
          } else {
            String refundId = TradeJson.refundId(entry.refundNo());
            flows.row(entry, refundId, "退款", -entry.amount().minor());
            flows.row(entry, refundId, "退还交易手续费", -entry.fee());
          }
        });
    BillCsv.row(writer, SUMMARY);
    BillCsv.row(
        writer,
        WechatTradeBill.ticked(
            Long.toString(flows.inCount + flows.outCount),
            Long.toString(flows.inCount),
            BillCsv.yuan(flows.in),
            Long.toString(flows.outCount),
            BillCsv.yuan(flows.out)));
    try {
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Flows {
    private final Writer writer;
    long serial;
    long balance;
    long inCount;
    long in;
    long outCount;
    long out;

    Flows(Writer writer) {
      this.writer = writer;
    }

    /** A zero movement (no fee) is no row. */
    void row(BillEntry entry, String businessNo, String business, long signedFen) {
      if (signedFen == 0) {
        return;
      }
      serial++;
      balance = Math.addExact(balance, signedFen);
      boolean income = signedFen > 0;
      if (income) {
        inCount++;
        in = Math.addExact(in, signedFen);
      } else {
        outCount++;
        out = Math.subtractExact(out, signedFen);
      }
      BillCsv.row(
          writer,
          WechatTradeBill.ticked(
              BillCsv.time(entry.at()),
              businessNo,
              String.format("%s%012d", BillCsv.time(entry.at()).replaceAll("[^0-9]", ""), serial),
              business,
              business,
              income ? "收入" : "支出",
              BillCsv.yuan(Math.abs(signedFen)),
              BillCsv.yuan(balance),
              "system",
              "",
              entry.refundNo() == null ? entry.merchantOrderNo() : entry.refundNo()));
    }
  }
}
