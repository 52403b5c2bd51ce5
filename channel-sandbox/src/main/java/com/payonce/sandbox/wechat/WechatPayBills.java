package com.payonce.sandbox.wechat;

import com.payonce.sandbox.channel.BillDay;
import com.payonce.sandbox.channel.ChannelSettings;
import com.payonce.sandbox.channel.DailyBill;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.keys.ChannelKeys;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * WeChat Pay API v3's bills: {@code GET /v3/bill/tradebill} and {@code /v3/bill/fundflowbill}
 * answer a signed {@code {"hash_type":"SHA1","hash_value","download_url"}}; the download URL (on
 * WeChat Pay's own host, as the real one: a client rewrites it like every other call) needs the
 * merchant's Authorization header, lives 30 seconds, and serves the file, gzipped when asked.
 * hash_value is the SHA-1 of the file before compression. The file is written twice (once for the
 * hash, once for the download) from the ledger as of the request, never held in memory.
 *
 * <p>WeChat Pay makes yesterday's bills after 10:00 China time: before that (or for today or a
 * later day) the answer is 400 STATEMENT_CREATING; a day without any money moved has no bill, 400
 * NO_STATEMENT_EXIST. The channel's {@code sameDayStatements} setting serves today's so far.
 */
final class WechatPayBills {

  static final String DOWNLOAD_PATH = "/v3/billdownload/file";
  private static final String REAL_HOST = "https://api.mch.weixin.qq.com";
  private static final LocalTime READY_AT = LocalTime.of(10, 0);
  private static final Duration URL_LIFETIME = Duration.ofSeconds(30);
  private static final DateTimeFormatter BILL_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");

  private final PspSimulator channel;
  private final ChannelKeys keys;
  private final WechatPayAnswers answers;
  private final Consumer<ServerRequest> authenticate;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentMap<String, Download> downloads = new ConcurrentHashMap<>();

  WechatPayBills(
      PspSimulator channel,
      ChannelKeys keys,
      WechatPayAnswers answers,
      Consumer<ServerRequest> authenticate) {
    this.channel = channel;
    this.keys = keys;
    this.answers = answers;
    this.authenticate = authenticate;
  }

  ServerResponse tradeBill(ServerRequest request) {
    authenticate.accept(request);
    String type = request.param("bill_type").orElse("ALL");
    if (!type.equals("ALL") && !type.equals("SUCCESS") && !type.equals("REFUND")) {
      throw WechatPayError.paramError("bill_type must be ALL, SUCCESS or REFUND");
    }
    return offer(request, File.TRADE, type);
  }

  /** The basic account's flows; the operation and fees accounts never move in the simulator. */
  ServerResponse fundFlowBill(ServerRequest request) {
    authenticate.accept(request);
    String account = request.param("account_type").orElse("BASIC");
    if (!account.equals("BASIC") && !account.equals("OPERATION") && !account.equals("FEES")) {
      throw WechatPayError.paramError("account_type must be BASIC, OPERATION or FEES");
    }
    if (!account.equals("BASIC")) {
      billDate(request); // still validated
      throw noStatement();
    }
    return offer(request, File.FUND_FLOW, account);
  }

  ServerResponse download(ServerRequest request) {
    authenticate.accept(request);
    Instant now = channel.now();
    Download download = downloads.get(request.param("token").orElse(""));
    if (download == null || !now.isBefore(download.expiresAt())) {
      throw new WechatPayError(400, "INVALID_REQUEST", "the download URL is unknown or expired");
    }
    DailyBill bill = channel.bill(download.day(), download.asOf(), download.settings());
    return ServerResponse.ok()
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .build(
            (servletRequest, servletResponse) -> {
              OutputStream out = servletResponse.getOutputStream();
              if (download.gzip()) {
                GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024);
                write(download, bill, gzip);
                gzip.finish();
              } else {
                write(download, bill, out);
              }
              out.flush();
              return null;
            });
  }

  private ServerResponse offer(ServerRequest request, File file, String type) {
    LocalDate day = billDate(request);
    String tarType = request.param("tar_type").orElse(null);
    if (tarType != null && !tarType.equals("GZIP")) {
      throw WechatPayError.paramError("tar_type must be GZIP or absent");
    }
    Instant now = channel.now();
    ChannelSettings settings = channel.settings();
    if (!BillDay.ready(day, now, READY_AT, settings.sameDayStatements())) {
      throw new WechatPayError(400, "STATEMENT_CREATING", "账单生成中");
    }
    DailyBill bill = channel.bill(day, now, settings);
    if (bill.isEmpty()) {
      throw noStatement();
    }
    Download download =
        new Download(file, type, day, now, settings, tarType != null, now.plus(URL_LIFETIME));
    MessageDigest sha1 = sha1();
    write(download, bill, new DigestOutputStream(OutputStream.nullOutputStream(), sha1));
    String token = token();
    downloads.values().removeIf(old -> !now.isBefore(old.expiresAt()));
    downloads.put(token, download);
    Map<String, String> answer = new LinkedHashMap<>();
    answer.put("hash_type", "SHA1");
    answer.put("hash_value", HexFormat.of().formatHex(sha1.digest()));
    answer.put(
        "download_url",
        REAL_HOST + DOWNLOAD_PATH + "?token=" + token + (download.gzip() ? "&tartype=gzip" : ""));
    return answers.json(200, answer);
  }

  private void write(Download download, DailyBill bill, OutputStream out) {
    if (download.file() == File.TRADE) {
      WechatTradeBill.write(bill, download.type(), download.settings().feeBasisPoints(), keys, out);
    } else {
      WechatFundFlowBill.write(bill, out);
    }
  }

  private static LocalDate billDate(ServerRequest request) {
    String text = request.param("bill_date").orElse(null);
    if (text == null || text.isEmpty()) {
      throw WechatPayError.paramError("bill_date is required");
    }
    try {
      return LocalDate.parse(text, BILL_DATE);
    } catch (DateTimeParseException e) {
      throw WechatPayError.paramError("bill_date must be yyyy-MM-dd");
    }
  }

  private static WechatPayError noStatement() {
    return new WechatPayError(400, "NO_STATEMENT_EXIST", "请求的账单文件不存在");
  }

  private String token() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private enum File {
    TRADE,
    FUND_FLOW
  }

  /** What a download URL serves: the bill as it stood when it was asked for. */
  private record Download(
      File file,
      String type,
      LocalDate day,
      Instant asOf,
      ChannelSettings settings,
      boolean gzip,
      Instant expiresAt) {}
}
