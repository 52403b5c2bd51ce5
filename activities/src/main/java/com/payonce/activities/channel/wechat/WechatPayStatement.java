package com.payonce.activities.channel.wechat;

import com.payonce.activities.channel.StatementColumns;
import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.channel.StatementNotReady;
import com.payonce.activities.channel.StatementValues;
import com.wechat.pay.java.core.exception.ServiceException;
import com.wechat.pay.java.service.billdownload.BillDownloadServiceExtension;
import com.wechat.pay.java.service.billdownload.DigestBillEntity;
import com.wechat.pay.java.service.billdownload.model.BillType;
import com.wechat.pay.java.service.billdownload.model.GetTradeBillRequest;
import com.wechat.pay.java.service.billdownload.model.TarType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads WeChat Pay's trade bill (ALL, gzipped) through the SDK's bill download extension, which
 * fetches the download URL with the merchant's Authorization header and digests the file as it is
 * read. Rows stream out of the gunzipped CSV one at a time; values lose their backtick; the read
 * stops at the summary header, checks the summary row against what it read, drains the file and
 * then checks its SHA-1. Lines are handed over as they are read, so a hash mismatch (an exception:
 * the read is retried) comes after them: a retry hands over the same line numbers.
 *
 * <p>STATEMENT_CREATING means not made yet; NO_STATEMENT_EXIST means no money moved that day once
 * WeChat Pay's bills of that day are made (10:00 China time the next day), and not made yet before.
 */
final class WechatPayStatement {

  private static final LocalTime READY_AT = LocalTime.of(10, 0);
  private static final String TIME = "交易时间";
  private static final String TRADE_NO = "微信订单号";
  private static final String ORDER_NO = "商户订单号";
  private static final String STATUS = "交易状态";
  private static final String CURRENCY = "货币种类";
  private static final String SETTLED = "应结订单金额";
  private static final String REFUND_NO = "商户退款单号";
  private static final String REFUNDED = "退款金额";
  private static final String REFUND_STATUS = "退款状态";
  private static final String FEE = "手续费";
  private static final List<String> COLUMNS =
      List.of(
          TIME,
          TRADE_NO,
          ORDER_NO,
          STATUS,
          CURRENCY,
          SETTLED,
          REFUND_NO,
          REFUNDED,
          REFUND_STATUS,
          FEE);
  private static final String SUMMARY = "总交易单数";
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().get();

  private final String channel;
  private final BillDownloadServiceExtension bills;
  private final WechatPayCalls calls;
  private final Clock clock;

  WechatPayStatement(
      String channel, BillDownloadServiceExtension bills, WechatPayCalls calls, Clock clock) {
    this.channel = channel;
    this.bills = bills;
    this.calls = calls;
    this.clock = clock;
  }

  long read(LocalDate billDate, Consumer<StatementLine> lines) {
    GetTradeBillRequest request = new GetTradeBillRequest();
    request.setBillDate(billDate.toString());
    request.setBillType(BillType.ALL);
    request.setTarType(TarType.GZIP);
    DigestBillEntity bill;
    try {
      bill = calls.sdk("trade bill of " + billDate, () -> bills.getTradeBill(request));
    } catch (ServiceException e) {
      if (WechatPayFailures.is(e, 400, "STATEMENT_CREATING")) {
        throw new StatementNotReady(channel + " is still making its bill of " + billDate);
      }
      if (WechatPayFailures.is(e, 400, "NO_STATEMENT_EXIST")) {
        if (clock.instant().isBefore(readyAt(billDate))) {
          throw new StatementNotReady(channel + " has no bill of " + billDate + " yet");
        }
        return 0; // the bills of the day are made, and no money moved: none for this merchant
      }
      throw new IllegalStateException(
          channel
              + " answered the trade bill of "
              + billDate
              + " with HTTP "
              + e.getHttpStatusCode()
              + " "
              + e.getErrorCode()
              + " "
              + e.getErrorMessage());
    }
    long count;
    try (InputStream file = bill.getInputStream()) {
      count = parse(billDate, file, lines);
      file.transferTo(OutputStream.nullOutputStream()); // the digest covers the whole file
    } catch (IOException e) {
      throw new UncheckedIOException(channel + " trade bill of " + billDate + " broke off", e);
    }
    if (!bill.verifyHash()) {
      throw new IllegalStateException(
          channel + " trade bill of " + billDate + " does not match its SHA-1: download again");
    }
    return count;
  }

  long parse(LocalDate billDate, InputStream file, Consumer<StatementLine> lines)
      throws IOException {
    String statement = channel + " trade bill of " + billDate;
    // not closed here: the caller drains the stream for the digest first
    Reader reader = new InputStreamReader(file, StandardCharsets.UTF_8);
    CSVParser parser = CSV.parse(reader);
    Iterator<CSVRecord> records = parser.iterator();
    if (!records.hasNext()) {
      throw new IllegalStateException(statement + " is empty");
    }
    StatementColumns columns =
        StatementColumns.of(statement, records.next(), WechatPayStatement::clean, COLUMNS);
    Totals totals = new Totals();
    while (records.hasNext()) {
      CSVRecord row = records.next();
      if (row.size() > 0 && SUMMARY.equals(clean(row.get(0)))) {
        checkSummary(statement, row, records, totals);
        return totals.lines;
      }
      StatementLine line = line(columns, row, totals.lines + 1);
      totals.add(line);
      lines.accept(line);
    }
    throw new IllegalStateException(statement + " ends without its summary: cut short");
  }

  private static StatementLine line(StatementColumns columns, CSVRecord row, long lineNumber) {
    try {
      String currency = columns.required(row, CURRENCY);
      String status = columns.required(row, STATUS);
      long kept = StatementValues.signedMinor(columns.required(row, FEE), currency);
      return switch (status) {
        case "SUCCESS" ->
            new StatementLine(
                lineNumber,
                StatementLine.Kind.CAPTURE,
                columns.required(row, ORDER_NO),
                columns.required(row, TRADE_NO),
                null,
                StatementValues.positive(
                    StatementValues.signedMinor(columns.required(row, SETTLED), currency),
                    currency),
                StatementValues.fee(StatementLine.Kind.CAPTURE, kept, currency),
                StatementValues.chinaTime(columns.required(row, TIME)));
        case "REFUND" -> {
          if (!"SUCCESS".equals(columns.get(row, REFUND_STATUS))) {
            throw columns.unreadable(
                row, "is a refund in status " + columns.get(row, REFUND_STATUS));
          }
          yield new StatementLine(
              lineNumber,
              StatementLine.Kind.REFUND,
              columns.required(row, ORDER_NO),
              columns.required(row, TRADE_NO),
              columns.required(row, REFUND_NO),
              StatementValues.positive(
                  StatementValues.signedMinor(columns.required(row, REFUNDED), currency), currency),
              StatementValues.fee(StatementLine.Kind.REFUND, kept, currency),
              StatementValues.chinaTime(columns.required(row, TIME)));
        }
        default -> throw columns.unreadable(row, "has trade status " + status);
      };
    } catch (IllegalArgumentException e) {
      throw columns.unreadable(row, "has " + e.getMessage());
    }
  }

  /** The summary row must agree with the rows read: a cut or doctored file fails here. */
  private static void checkSummary(
      String statement, CSVRecord header, Iterator<CSVRecord> records, Totals totals) {
    if (!records.hasNext()) {
      throw new IllegalStateException(statement + " has a summary header but no summary");
    }
    StatementColumns columns =
        StatementColumns.of(
            statement,
            header,
            WechatPayStatement::clean,
            List.of(SUMMARY, "应结订单总金额", "退款总金额", "手续费总金额"));
    CSVRecord summary = records.next();
    boolean agrees;
    try {
      agrees =
          Long.parseLong(columns.required(summary, SUMMARY)) == totals.lines
              && StatementValues.signedMinor(columns.required(summary, "应结订单总金额"), "CNY")
                  == totals.settled
              && StatementValues.signedMinor(columns.required(summary, "退款总金额"), "CNY")
                  == totals.refunded
              && StatementValues.signedMinor(columns.required(summary, "手续费总金额"), "CNY")
                  == totals.fees;
    } catch (IllegalArgumentException e) {
      throw columns.unreadable(summary, "has " + e.getMessage());
    }
    if (!agrees) {
      throw columns.unreadable(summary, "does not add up to the " + totals.lines + " lines read");
    }
  }

  private Instant readyAt(LocalDate billDate) {
    return billDate.plusDays(1).atTime(READY_AT).atZone(StatementValues.CHINA).toInstant();
  }

  /** WeChat Pay prefixes every value with a backtick; the file may start with a byte-order mark. */
  static String clean(String value) {
    String text = value.startsWith("\uFEFF") ? value.substring(1) : value;
    return (text.startsWith("`") ? text.substring(1) : text).strip();
  }

  /** The summary is in CNY, the only currency of WeChat Pay's domestic bills. */
  private static final class Totals {
    long lines;
    long settled;
    long refunded;

    /** Kept, net: a refund's fee came back. */
    long fees;

    void add(StatementLine line) {
      lines++;
      if (line.kind() == StatementLine.Kind.CAPTURE) {
        settled = Math.addExact(settled, line.amount().minor());
        fees = Math.addExact(fees, line.fee().minor());
      } else {
        refunded = Math.addExact(refunded, line.amount().minor());
        fees = Math.subtractExact(fees, line.fee().minor());
      }
    }
  }
}
