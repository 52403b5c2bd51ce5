package com.payonce.activities.channel.alipay;

import com.alipay.api.domain.AlipayDataDataserviceBillDownloadurlQueryModel;
import com.alipay.api.request.AlipayDataDataserviceBillDownloadurlQueryRequest;
import com.alipay.api.response.AlipayDataDataserviceBillDownloadurlQueryResponse;
import com.payonce.activities.channel.StatementColumns;
import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.channel.StatementNotReady;
import com.payonce.activities.channel.StatementValues;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads Alipay's trade bill: {@code alipay.data.dataservice.bill.downloadurl.query} through the SDK
 * for the short-lived download URL, then the ZIP streamed from it (OkHttp: a read timeout on every
 * read) (entry names are GBK, as Alipay writes them), its detail CSV (业务明细, not the 汇总) read in GBK
 * one row at a time: {@code #} lines are comments, values lose their tab padding, columns are found
 * by name. 交易 is a capture, 退款 a refund (退款批次号/请求号 is payonce's refund number); 服务费 is negative
 * when Alipay charges it (a capture's fee) and positive when a refund gives it back (a refund's
 * fee). {@code isp.bill_not_exist}: not made yet.
 */
final class AlipayStatement {

  private static final Charset GBK = Charset.forName("GBK");
  private static final String CURRENCY = "CNY";
  private static final String TRADE_NO = "支付宝交易号";
  private static final String ORDER_NO = "商户订单号";
  private static final String TYPE = "业务类型";
  private static final String DONE_AT = "完成时间";
  private static final String RECEIVED = "商家实收（元）";
  private static final String REFUND_NO = "退款批次号/请求号";
  private static final String SERVICE_FEE = "服务费（元）";
  private static final List<String> COLUMNS =
      List.of(TRADE_NO, ORDER_NO, TYPE, DONE_AT, RECEIVED, REFUND_NO, SERVICE_FEE);
  private static final String DETAIL_SUFFIX = "_业务明细.csv";
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setCommentMarker('#').get();

  private final String channel;
  private final AlipayClients clients;
  private final OkHttpClient http;

  AlipayStatement(
      String channel, AlipayClients clients, Duration connectTimeout, Duration readTimeout) {
    this.channel = channel;
    this.clients = clients;
    // a read timeout per socket read: a download that stalls fails instead of hanging
    this.http =
        new OkHttpClient.Builder().connectTimeout(connectTimeout).readTimeout(readTimeout).build();
  }

  long read(LocalDate billDate, Consumer<StatementLine> lines) {
    String statement = channel + " trade bill of " + billDate;
    Request request = new Request.Builder().url(downloadUrl(billDate)).get().build();
    try (Response response = http.newCall(request).execute();
        ZipInputStream zip = new ZipInputStream(response.body().byteStream(), GBK)) {
      if (response.code() != 200) {
        throw new IllegalStateException(
            statement + ": the download answered HTTP " + response.code());
      }
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().endsWith(DETAIL_SUFFIX)) {
          return parse(statement, new InputStreamReader(zip, GBK), lines);
        }
      }
      throw new IllegalStateException(statement + " has no " + DETAIL_SUFFIX + " entry");
    } catch (IOException e) {
      throw new UncheckedIOException(statement + " broke off or is not a ZIP", e);
    }
  }

  private HttpUrl downloadUrl(LocalDate billDate) {
    AlipayDataDataserviceBillDownloadurlQueryModel model =
        new AlipayDataDataserviceBillDownloadurlQueryModel();
    model.setBillType("trade");
    model.setBillDate(billDate.toString());
    AlipayDataDataserviceBillDownloadurlQueryRequest request =
        new AlipayDataDataserviceBillDownloadurlQueryRequest();
    request.setBizModel(model);
    AlipayDataDataserviceBillDownloadurlQueryResponse response = clients.execute(request);
    if (!AlipayAnswers.succeeded(response)) {
      if (AlipayAnswers.is(response, "isp.bill_not_exist")) {
        throw new StatementNotReady(channel + " has no bill of " + billDate + " yet");
      }
      throw new IllegalStateException(
          channel
              + " answered the bill of "
              + billDate
              + " with "
              + AlipayAnswers.describe(response));
    }
    String url = response.getBillDownloadUrl();
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalStateException(channel + " answered no usable bill_download_url");
    }
    return parsed;
  }

  static long parse(String statement, Reader detail, Consumer<StatementLine> lines)
      throws IOException {
    CSVParser parser = CSV.parse(detail);
    Iterator<CSVRecord> records = parser.iterator();
    if (!records.hasNext()) {
      throw new IllegalStateException(statement + " has no column header");
    }
    StatementColumns columns =
        StatementColumns.of(statement, records.next(), String::strip, COLUMNS);
    long count = 0;
    while (records.hasNext()) {
      CSVRecord row = records.next();
      StatementLine line = line(columns, row, count + 1);
      count++;
      lines.accept(line);
    }
    return count;
  }

  private static StatementLine line(StatementColumns columns, CSVRecord row, long lineNumber) {
    try {
      String type = columns.required(row, TYPE);
      long received = StatementValues.signedMinor(columns.required(row, RECEIVED), CURRENCY);
      long kept = -StatementValues.signedMinor(columns.required(row, SERVICE_FEE), CURRENCY);
      return switch (type) {
        case "交易" ->
            new StatementLine(
                lineNumber,
                StatementLine.Kind.CAPTURE,
                columns.required(row, ORDER_NO),
                columns.required(row, TRADE_NO),
                null,
                StatementValues.positive(received, CURRENCY),
                StatementValues.fee(StatementLine.Kind.CAPTURE, kept, CURRENCY),
                StatementValues.chinaTime(columns.required(row, DONE_AT)));
        case "退款" ->
            new StatementLine(
                lineNumber,
                StatementLine.Kind.REFUND,
                columns.required(row, ORDER_NO),
                columns.required(row, TRADE_NO),
                columns.required(row, REFUND_NO),
                StatementValues.positive(Math.negateExact(received), CURRENCY),
                StatementValues.fee(StatementLine.Kind.REFUND, kept, CURRENCY),
                StatementValues.chinaTime(columns.required(row, DONE_AT)));
        default -> throw columns.unreadable(row, "has 业务类型 " + type);
      };
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw columns.unreadable(row, "has " + e.getMessage());
    }
  }
}
