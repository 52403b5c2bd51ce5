package com.payonce.activities.channel.wechat;

import static com.payonce.activities.channel.SandboxMoves.cny;
import static com.payonce.activities.channel.SandboxMoves.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.payonce.activities.channel.SandboxMoves;
import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.channel.StatementLine.Kind;
import com.payonce.activities.channel.StatementNotReady;
import com.payonce.sandbox.SandboxApplication;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.SandboxKeys;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.RefundPayment;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * WeChat Pay's trade bill read through the adapter (the official SDK's bill download extension)
 * from the simulator over real HTTP: every line of today's statement (same-day statements on), line
 * numbers stable across reads, a day not made yet, and a benchmark-sized filler streamed.
 */
class WechatPayStatementTest {

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path keysDir;

  private static ConfigurableApplicationContext sandbox;
  private static String base;
  private static WechatPayChannel channel;
  private static SandboxMoves moves;

  @BeforeAll
  static void start() {
    sandbox =
        new SpringApplicationBuilder(SandboxApplication.class)
            .properties(
                "spring.config.name=wechat-statement-test",
                "server.port=0",
                "payonce.sandbox.keys-dir=" + keysDir,
                "payonce.sandbox.channels.wechat.protocol=wechat",
                "payonce.sandbox.webhook-max-attempts=1")
            .run();
    base = "http://127.0.0.1:" + sandbox.getEnvironment().getProperty("local.server.port");
    channel = channel(() -> base + "/sandbox/wechat");
    moves = new SandboxMoves("wechat", channel, () -> base);
  }

  private static WechatPayChannel channel(java.util.function.Supplier<String> baseUrl) {
    ChannelKeys keys = SandboxKeys.loadOrCreate(keysDir, "wechat");
    return new WechatPayChannel(
        new WechatPaySettings(
            "wechat",
            baseUrl,
            keys.appId(),
            keys.merchantId(),
            keys.merchantSerialNo(),
            SandboxKeys.pem(keys.merchant().getPrivate()),
            SandboxKeys.pem(keys.platform().getPublic()),
            keys.platformKeyId(),
            keys.apiV3Key(),
            "native",
            () -> "http://127.0.0.1:9/unused",
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            Duration.ofMinutes(5)));
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @BeforeEach
  void reset() throws Exception {
    moves.control("DELETE", "/settings", null);
  }

  @Test
  void todaysStatementHasEveryCaptureAndSucceededRefundWithItsFee() throws Exception {
    moves.control("PUT", "/settings", "{\"sameDayStatements\":true}");
    Instant before = Instant.now().minusSeconds(1);
    String full = moves.paid(10_000); // fee 0.60% of 100.00 = 0.60
    String part = moves.paid(2_550); // 0.153 -> 0.15
    String async = moves.paid(999); // 0.05994 -> 0.06
    String fullRefund = moves.refund(full, 10_000); // gives back all 0.60
    String partRefund = moves.refund(part, 1_000); // 15 * 1000 / 2550 = 5.88 -> 0.06 back
    moves.control("PUT", "/settings", "{\"sameDayStatements\":true,\"refundAsync\":true}");
    RefundPayment asyncRefund = new RefundPayment("wechat", async, id(), cny(500), "late");
    assertThat(channel.refund(asyncRefund)).isEqualTo(ChannelRefundStatus.PROCESSING);
    assertThat(lines(today()))
        .as("a PROCESSING refund is not in the bill")
        .noneMatch(line -> asyncRefund.refundNo().equals(line.refundNo()));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                channel.queryRefund(async, asyncRefund.refundNo())
                    == ChannelRefundStatus.SUCCEEDED); // 6 * 500 / 999 = 3.003 -> 0.03 back
    Instant after = Instant.now().plusSeconds(1);

    List<StatementLine> lines = lines(today());
    List<StatementLine> mine =
        lines.stream()
            .filter(line -> List.of(full, part, async).contains(line.attemptId()))
            .toList();
    assertThat(mine)
        .extracting(
            StatementLine::kind,
            StatementLine::attemptId,
            StatementLine::refundNo,
            StatementLine::amount,
            StatementLine::fee)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Kind.CAPTURE, full, null, cny(10_000), cny(60)),
            org.assertj.core.groups.Tuple.tuple(Kind.CAPTURE, part, null, cny(2_550), cny(15)),
            org.assertj.core.groups.Tuple.tuple(Kind.CAPTURE, async, null, cny(999), cny(6)),
            org.assertj.core.groups.Tuple.tuple(
                Kind.REFUND, full, fullRefund, cny(10_000), cny(60)),
            org.assertj.core.groups.Tuple.tuple(Kind.REFUND, part, partRefund, cny(1_000), cny(6)),
            org.assertj.core.groups.Tuple.tuple(
                Kind.REFUND, async, asyncRefund.refundNo(), cny(500), cny(3)));
    for (StatementLine line : mine) {
      assertThat(line.channelTradeNo()).isEqualTo(moves.channelOrderId(line.attemptId()));
      // the bill writes whole seconds
      assertThat(line.at()).isBetween(before, after);
    }
    // other tests' payments of today may be there too
    assertThat(lines)
        .extracting(StatementLine::lineNumber)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, lines.size()).boxed().toList());
    assertThat(lines).isSortedAccordingTo(Comparator.comparing(StatementLine::at));
    assertThat(lines(today()))
        .as("the same lines, numbered the same, at every read")
        .isEqualTo(lines);
  }

  @Test
  void aDayWhoseBillIsNotMadeYetIsNotReady() throws Exception {
    moves.paid(100);
    // by default the bill of a day is made at 10:00 China time the next day
    assertThatThrownBy(() -> channel.readStatement(today(), line -> {}))
        .isInstanceOf(StatementNotReady.class);
    moves.control("PUT", "/settings", "{\"sameDayStatements\":true}");
    assertThatThrownBy(() -> channel.readStatement(today().plusDays(1), line -> {}))
        .isInstanceOf(StatementNotReady.class);
  }

  @Test
  void aPastDayWithoutMoneyHasAnEmptyStatement() {
    // WeChat Pay answers NO_STATEMENT_EXIST for a made day without trades: nothing to reconcile
    assertThat(channel.readStatement(today().minusDays(2), line -> {})).isZero();
  }

  @Test
  void theFillerStreamsTwoHundredThousandLinesInBoundedMemory() throws Exception {
    moves.control("PUT", "/settings", "{\"statementFillerLines\":200000}");
    LocalDate day = today().minusDays(3); // a made day with no real trades: only the filler
    long[] count = {0};
    StatementLine[] sampled = new StatementLine[1];
    long read =
        channel.readStatement(
            day,
            line -> {
              count[0]++;
              assertThat(line.lineNumber()).isEqualTo(count[0]);
              if (line.lineNumber() == 123_457) {
                sampled[0] = line;
              }
            });
    assertThat(read).isEqualTo(200_000).isEqualTo(count[0]);
    long n = 123_457;
    assertThat(sampled[0])
        .isEqualTo(
            new StatementLine(
                n,
                Kind.CAPTURE,
                String.format("f%031x", n),
                "filler-" + n,
                null,
                cny(100 + n % 9900),
                cny((6 * (100 + n % 9900) + 500) / 1000),
                day.atTime(12, 0).atZone(CHINA).toInstant()));
  }

  /**
   * A bill altered on the way (a column the summary does not cover) is handed over line by line,
   * then fails on its SHA-1: an exception, so the reconciliation activity reads it again.
   */
  @Test
  void aBillThatDoesNotMatchItsHashFails() throws Exception {
    moves.control("PUT", "/settings", "{\"sameDayStatements\":true}");
    moves.paid(300);
    try (TamperingBillProxy proxy = new TamperingBillProxy(base)) {
      WechatPayChannel tampered = channel(() -> proxy.url() + "/sandbox/wechat");
      assertThatThrownBy(() -> tampered.readStatement(today(), line -> {}))
          .isInstanceOf(IllegalStateException.class)
          .isNotInstanceOf(StatementNotReady.class)
          .hasMessageContaining("SHA-1");
      assertThat(proxy.tampered()).isTrue();
    }
    assertThat(lines(today())).isNotEmpty(); // the same bill, not altered, reads
  }

  /** The fund-flow bill, through the SDK's own extension: gzipped, hashed, backticked. */
  @Test
  void theFundFlowBillDownloadsThroughTheSdkWithItsHashVerified() throws Exception {
    moves.control("PUT", "/settings", "{\"sameDayStatements\":true}");
    String attempt = moves.paid(2_000);
    com.wechat.pay.java.service.billdownload.model.GetFundFlowBillRequest request =
        new com.wechat.pay.java.service.billdownload.model.GetFundFlowBillRequest();
    request.setBillDate(today().toString());
    request.setAccountType(com.wechat.pay.java.service.billdownload.model.AccountType.BASIC);
    request.setTarType(com.wechat.pay.java.service.billdownload.model.TarType.GZIP);
    com.wechat.pay.java.service.billdownload.DigestBillEntity bill =
        billDownloads().getFundFlowBill(request);
    String text;
    try (java.io.InputStream file = bill.getInputStream()) {
      text = new String(file.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    assertThat(bill.verifyHash()).isTrue();
    List<String> rows = List.of(text.split("\r\n"));
    assertThat(rows.get(0)).startsWith("记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额（元）");
    String tradeNo = moves.channelOrderId(attempt);
    assertThat(rows)
        .anyMatch(row -> row.contains("`" + tradeNo + ",") && row.contains(",`交易,`交易,`收入,`20.00,"))
        .anyMatch(row -> row.contains("`" + tradeNo + ",") && row.contains(",`支出,`0.12,"));
    assertThat(rows.get(rows.size() - 2)).isEqualTo("资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额");
    assertThat(rows.get(rows.size() - 1)).startsWith("`");
  }

  private static com.wechat.pay.java.service.billdownload.BillDownloadServiceExtension
      billDownloads() {
    ChannelKeys keys = SandboxKeys.loadOrCreate(keysDir, "wechat");
    com.wechat.pay.java.core.RSAPublicKeyConfig config =
        new com.wechat.pay.java.core.RSAPublicKeyConfig.Builder()
            .merchantId(keys.merchantId())
            .privateKey(SandboxKeys.pem(keys.merchant().getPrivate()))
            .merchantSerialNumber(keys.merchantSerialNo())
            .publicKey(SandboxKeys.pem(keys.platform().getPublic()))
            .publicKeyId(keys.platformKeyId())
            .apiV3Key(keys.apiV3Key())
            .build();
    okhttp3.OkHttpClient okHttp =
        new okhttp3.OkHttpClient.Builder()
            .addInterceptor(new BaseUrlRewrite(() -> base + "/sandbox/wechat"))
            .build();
    return new com.wechat.pay.java.service.billdownload.BillDownloadServiceExtension.Builder()
        .httpClient(
            new com.wechat.pay.java.core.http.DefaultHttpClientBuilder()
                .config(config)
                .okHttpClient(okHttp)
                .build())
        .decryptor(config.createDecryptor())
        .build();
  }

  private static List<StatementLine> lines(LocalDate day) {
    List<StatementLine> lines = new ArrayList<>();
    long count = channel.readStatement(day, lines::add);
    assertThat(count).isEqualTo(lines.size());
    return lines;
  }

  private static LocalDate today() {
    return LocalDate.now(CHINA);
  }
}
