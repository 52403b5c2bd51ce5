package com.payonce.sandbox.alipay;

import com.payonce.sandbox.channel.BillCsv;
import com.payonce.sandbox.channel.BillDay;
import com.payonce.sandbox.channel.BillEntry;
import com.payonce.sandbox.channel.DailyBill;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Alipay's trade bill as its download URL serves it: a ZIP (entry names GBK-encoded without the
 * UTF-8 flag, as Alipay writes them) of two GBK CSVs, {@code <pid>_<yyyyMMdd>_业务明细.csv} and {@code
 * <pid>_<yyyyMMdd>_业务明细(汇总).csv}. Each has {@code #} header lines, the column header, data rows
 * whose every value carries a trailing tab (so spreadsheets keep long numbers as text), and {@code
 * #} footer lines with the totals and the export time. 服务费 is negative when Alipay charges it and
 * positive when a refund gives it back; a refund's 商家实收 is negative.
 */
final class AlipayBillZip {

  static final Charset GBK = Charset.forName("GBK");

  static final String[] DETAIL_COLUMNS = {
    "支付宝交易号",
    "商户订单号",
    "业务类型",
    "商品名称",
    "创建时间",
    "完成时间",
    "门店编号",
    "门店名称",
    "操作员",
    "终端号",
    "对方账户",
    "订单金额（元）",
    "商家实收（元）",
    "支付宝红包（元）",
    "集分宝（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "券核销金额（元）",
    "券名称",
    "商家红包消费金额（元）",
    "卡消费金额（元）",
    "退款批次号/请求号",
    "服务费（元）",
    "分润（元）",
    "备注"
  };

  static final String[] SUMMARY_COLUMNS = {
    "门店编号",
    "门店名称",
    "交易订单总笔数",
    "退款订单总笔数",
    "订单金额（元）",
    "商家实收（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "卡消费金额（元）",
    "服务费（元）",
    "分润（元）",
    "实收净额（元）"
  };

  private static final DateTimeFormatter WRITTEN =
      DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss").withZone(BillDay.CHINA);
  private static final DateTimeFormatter FILE_DATE = DateTimeFormatter.BASIC_ISO_DATE;
  private static final String RULE = "#-----------------------------------------";

  private AlipayBillZip() {}

  static String fileName(String pid, LocalDate day, String suffix) {
    return pid + "_" + FILE_DATE.format(day) + "_业务明细" + suffix + ".csv";
  }

  /** Writes the ZIP to {@code out}, not closing it; {@code exportedAt} is its footer's time. */
  static void write(DailyBill bill, String pid, Instant exportedAt, OutputStream out) {
    try {
      ZipOutputStream zip = new ZipOutputStream(out, GBK);
      zip.putNextEntry(new ZipEntry(fileName(pid, bill.day(), "")));
      Writer detail = writer(zip);
      Totals totals = detail(bill, pid, exportedAt, detail);
      detail.flush();
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(fileName(pid, bill.day(), "(汇总)")));
      Writer summary = writer(zip);
      summary(bill, pid, exportedAt, totals, summary);
      summary.flush();
      zip.closeEntry();
      zip.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Totals detail(DailyBill bill, String pid, Instant exportedAt, Writer out)
      throws IOException {
    header(out, "#支付宝业务明细查询", pid, bill.day(), "业务明细列表");
    BillCsv.row(out, DETAIL_COLUMNS);
    Totals totals = new Totals();
    bill.forEach(
        entry -> {
          boolean capture = entry.kind() == BillEntry.Kind.CAPTURE;
          long received = capture ? entry.amount().minor() : -entry.amount().minor();
          totals.add(capture, received, entry.captured().minor(), -entry.fee());
          BillCsv.row(
              out,
              padded(
                  entry.channelOrderId(),
                  entry.merchantOrderNo(),
                  capture ? "交易" : "退款",
                  "",
                  BillCsv.time(entry.at()),
                  BillCsv.time(entry.at()),
                  "",
                  "",
                  "",
                  "",
                  "sandbox-buyer",
                  BillCsv.yuan(entry.captured().minor()),
                  BillCsv.yuan(received),
                  "0.00",
                  "0.00",
                  "0.00",
                  "0.00",
                  "0.00",
                  "",
                  "0.00",
                  "0.00",
                  capture ? "" : entry.refundNo(),
                  BillCsv.yuan(-entry.fee()),
                  "0.00",
                  ""));
        });
    out.write(RULE + "业务明细列表结束------------------------------------\r\n");
    out.write(
        "#交易合计："
            + totals.trades
            + "笔，商家实收共："
            + BillCsv.yuan(totals.tradeReceived)
            + "元，商家优惠共：0.00元\r\n");
    out.write(
        "#退款合计："
            + totals.refunds
            + "笔，商家实收退款共："
            + BillCsv.yuan(totals.refundReceived)
            + "元，商家优惠退款共：0.00元\r\n");
    out.write("#导出时间：[" + WRITTEN.format(exportedAt) + "]\r\n");
    return totals;
  }

  private static void summary(
      DailyBill bill, String pid, Instant exportedAt, Totals totals, Writer out)
      throws IOException {
    header(out, "#支付宝业务汇总查询", pid, bill.day(), "业务汇总列表");
    BillCsv.row(out, SUMMARY_COLUMNS);
    long received = Math.addExact(totals.tradeReceived, totals.refundReceived);
    BillCsv.row(
        out,
        padded(
            "",
            "合计",
            Long.toString(totals.trades),
            Long.toString(totals.refunds),
            BillCsv.yuan(totals.ordered),
            BillCsv.yuan(received),
            "0.00",
            "0.00",
            "0.00",
            BillCsv.yuan(totals.serviceFees),
            "0.00",
            BillCsv.yuan(Math.addExact(received, totals.serviceFees))));
    out.write(RULE + "业务汇总列表结束------------------------------------\r\n");
    out.write("#导出时间：[" + WRITTEN.format(exportedAt) + "]\r\n");
  }

  private static void header(Writer out, String title, String pid, LocalDate day, String list)
      throws IOException {
    out.write(title + "\r\n");
    out.write("#账号：[" + pid + "]\r\n");
    out.write(
        "#起始日期：["
            + WRITTEN.format(BillDay.start(day))
            + "]   终止日期：["
            + WRITTEN.format(BillDay.end(day))
            + "]\r\n");
    out.write(RULE + list + "----------------------------------------\r\n");
  }

  private static String[] padded(String... values) {
    String[] padded = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      padded[i] = values[i] + "\t";
    }
    return padded;
  }

  /** The zip entry must stay open after the CSV: the writer is flushed, never closed. */
  private static Writer writer(ZipOutputStream zip) {
    return new BufferedWriter(new OutputStreamWriter(zip, GBK));
  }

  private static final class Totals {
    long trades;
    long refunds;
    long tradeReceived;
    long refundReceived;
    long ordered;
    long serviceFees;

    void add(boolean capture, long received, long captured, long serviceFee) {
      if (capture) {
        trades++;
        tradeReceived = Math.addExact(tradeReceived, received);
        ordered = Math.addExact(ordered, captured);
      } else {
        refunds++;
        refundReceived = Math.addExact(refundReceived, received);
      }
      serviceFees = Math.addExact(serviceFees, serviceFee);
    }
  }
}
