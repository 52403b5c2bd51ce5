package com.payonce.sandbox.alipay;

import com.payonce.sandbox.channel.BillDay;
import com.payonce.sandbox.channel.ChannelSettings;
import com.payonce.sandbox.channel.DailyBill;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.keys.ChannelKeys;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@code alipay.data.dataservice.bill.downloadurl.query} with {@code bill_type=trade} and a daily
 * {@code bill_date}: answers {@code bill_download_url}, a URL of the simulator's own that needs no
 * signature (as Alipay's) and lives 30 seconds, serving the ZIP written from the ledger as of the
 * query. Alipay makes a day's bill the next morning (09:00 China time); before that, or for today
 * and later days, the answer is 40004 {@code isp.bill_not_exist}. A day without trades still has a
 * bill, with no rows. {@code sameDayStatements} serves today's so far.
 */
final class AlipayBills {

  static final String DOWNLOAD_PATH = "/downloadBillFile.resource";
  private static final LocalTime READY_AT = LocalTime.of(9, 0);
  private static final Duration URL_LIFETIME = Duration.ofSeconds(30);
  private static final DateTimeFormatter BILL_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

  private final PspSimulator channel;
  private final String pid;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, Download> downloads = new ConcurrentHashMap<>();

  AlipayBills(PspSimulator channel, ChannelKeys keys) {
    this.channel = channel;
    this.pid = pid(keys.merchantId());
  }

  /** The merchant's partner id (2088 and 12 digits): the simulator derives it from the app id. */
  static String pid(String appId) {
    String digits = appId.replaceAll("[^0-9]", "");
    String tail = digits.length() >= 12 ? digits.substring(digits.length() - 12) : digits;
    return "2088" + "0".repeat(12 - tail.length()) + tail;
  }

  Map<String, String> downloadUrl(ServerRequest request, Map<String, String> biz) {
    String type = biz.get("bill_type");
    if (!"trade".equals(type)) {
      throw AlipayRefusal.invalidParameter("bill_type must be trade (the simulator has no other)");
    }
    LocalDate day = billDate(biz.get("bill_date"));
    Instant now = channel.now();
    ChannelSettings settings = channel.settings();
    if (!BillDay.ready(day, now, READY_AT, settings.sameDayStatements())) {
      throw AlipayRefusal.business("isp.bill_not_exist", "账单不存在");
    }
    String token = token();
    downloads.values().removeIf(old -> !now.isBefore(old.expiresAt()));
    downloads.put(token, new Download(day, now, settings, now.plus(URL_LIFETIME)));
    URI incoming = request.uri();
    String gateway = incoming.getRawPath();
    String base = gateway.substring(0, gateway.lastIndexOf('/'));
    String file = pid + "_" + DateTimeFormatter.BASIC_ISO_DATE.format(day) + ".csv.zip";
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put(
        "bill_download_url",
        incoming.getScheme()
            + "://"
            + incoming.getRawAuthority()
            + base
            + DOWNLOAD_PATH
            + "?bizType=trade&userId="
            + pid
            + "&fileType=csv.zip&bizDates="
            + DateTimeFormatter.BASIC_ISO_DATE.format(day)
            + "&downloadFileName="
            + file
            + "&fileId="
            + token);
    return answer;
  }

  ServerResponse download(ServerRequest request) {
    Download download = downloads.get(request.param("fileId").orElse(""));
    if (download == null || !channel.now().isBefore(download.expiresAt())) {
      return ServerResponse.status(404)
          .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
          .body("the download URL is unknown or expired");
    }
    DailyBill bill = channel.bill(download.day(), download.asOf(), download.settings());
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header(
            "Content-Disposition",
            "attachment; filename=\""
                + pid
                + "_"
                + DateTimeFormatter.BASIC_ISO_DATE.format(download.day())
                + ".csv.zip\"")
        .build(
            (servletRequest, servletResponse) -> {
              OutputStream out = servletResponse.getOutputStream();
              AlipayBillZip.write(bill, pid, download.asOf(), out);
              out.flush();
              return null;
            });
  }

  private static LocalDate billDate(String text) {
    if (text == null || text.isBlank()) {
      throw AlipayRefusal.invalidParameter("bill_date is required");
    }
    try {
      return LocalDate.parse(text, BILL_DATE);
    } catch (DateTimeParseException e) {
      throw AlipayRefusal.invalidParameter(
          "bill_date must be yyyy-MM-dd (the simulator has no monthly bills)");
    }
  }

  private String token() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private record Download(
      LocalDate day, Instant asOf, ChannelSettings settings, Instant expiresAt) {}
}
