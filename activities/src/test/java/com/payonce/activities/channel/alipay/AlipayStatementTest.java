package com.payonce.activities.channel.alipay;

import static com.payonce.activities.channel.SandboxMoves.cny;
import static com.payonce.activities.channel.SandboxMoves.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

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
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Alipay's trade bill read through the adapter (the official SDK for the download URL, then the ZIP
 * of GBK CSVs) from the simulator over real HTTP: every line of today's statement (same-day
 * statements on), line numbers stable across reads, a day not made yet, and the filler streamed.
 */
class AlipayStatementTest {

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path keysDir;

  private static ConfigurableApplicationContext sandbox;
  private static String base;
  private static AlipayChannel channel;
  private static SandboxMoves moves;

  @BeforeAll
  static void start() {
    sandbox =
        new SpringApplicationBuilder(SandboxApplication.class)
            .properties(
                "spring.config.name=alipay-statement-test",
                "server.port=0",
                "payonce.sandbox.keys-dir=" + keysDir,
                "payonce.sandbox.channels.alipay.protocol=alipay")
            .run();
    base = "http://localhost:" + sandbox.getEnvironment().getProperty("local.server.port");
    ChannelKeys keys = SandboxKeys.loadOrCreate(keysDir, "alipay");
    channel =
        new AlipayChannel(
            new AlipaySettings(
                "alipay",
                () -> base + "/sandbox/alipay/gateway.do",
                keys.appId(),
                SandboxKeys.pem(keys.merchant().getPrivate()),
                SandboxKeys.pem(keys.platform().getPublic()),
                "precreate",
                null,
                () -> null,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30)));
    moves = new SandboxMoves("alipay", channel, () -> base);
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
    moves.control("PUT", "/settings", "{\"sameDayStatements\":true,\"feeBasisPoints\":55}");
    Instant before = Instant.now().minusSeconds(1);
    String full = moves.paid(10_000); // 0.55% of 100.00 = 0.55
    String part = moves.paid(2_550); // 0.14025 -> 0.14
    String async = moves.paid(999); // 0.054945 -> 0.05
    String fullRefund = moves.refund(full, 10_000); // all 0.55 back
    String partRefund = moves.refund(part, 1_000); // 14 * 1000 / 2550 = 5.49 -> 0.05 back
    moves.control(
        "PUT",
        "/settings",
        "{\"sameDayStatements\":true,\"feeBasisPoints\":55,\"refundAsync\":true,"
            + "\"refundDelayMs\":200}");
    String asyncRefund = id();
    assertThat(channel.refund(new RefundPayment("alipay", async, asyncRefund, cny(500), "late")))
        .isEqualTo(ChannelRefundStatus.PROCESSING);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> channel.queryRefund(async, asyncRefund) == ChannelRefundStatus.SUCCEEDED);
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
            tuple(Kind.CAPTURE, full, null, cny(10_000), cny(55)),
            tuple(Kind.CAPTURE, part, null, cny(2_550), cny(14)),
            tuple(Kind.CAPTURE, async, null, cny(999), cny(5)),
            tuple(Kind.REFUND, full, fullRefund, cny(10_000), cny(55)),
            tuple(Kind.REFUND, part, partRefund, cny(1_000), cny(5)),
            tuple(Kind.REFUND, async, asyncRefund, cny(500), cny(3))); // 5 * 500 / 999 = 2.5025
    for (StatementLine line : mine) {
      assertThat(line.channelTradeNo()).isEqualTo(moves.channelOrderId(line.attemptId()));
      assertThat(line.at()).isBetween(before, after);
    }
    assertThat(lines)
        .extracting(StatementLine::lineNumber)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, lines.size()).boxed().toList());
    assertThat(lines).isSortedAccordingTo(Comparator.comparing(StatementLine::at));
    assertThat(lines(today()))
        .as("the same lines, numbered the same, at every read")
        .isEqualTo(lines);
  }

  @Test
  void aDayWhoseBillIsNotMadeYetIsNotReady() throws Exception {
    moves.paid(100);
    // by default the bill of a day is made at 09:00 China time the next day
    assertThatThrownBy(() -> channel.readStatement(today(), line -> {}))
        .isInstanceOf(StatementNotReady.class);
    moves.control("PUT", "/settings", "{\"sameDayStatements\":true}");
    assertThatThrownBy(() -> channel.readStatement(today().plusDays(1), line -> {}))
        .isInstanceOf(StatementNotReady.class);
  }

  @Test
  void aPastDayWithoutTradesHasAnEmptyBill() {
    assertThat(channel.readStatement(today().minusDays(2), line -> {})).isZero();
  }

  @Test
  void theFillerStreamsTwoHundredThousandLines() throws Exception {
    moves.control("PUT", "/settings", "{\"statementFillerLines\":200000}");
    LocalDate day = today().minusDays(3);
    long[] count = {0};
    StatementLine[] sampled = new StatementLine[1];
    long read =
        channel.readStatement(
            day,
            line -> {
              count[0]++;
              assertThat(line.lineNumber()).isEqualTo(count[0]);
              if (line.lineNumber() == 199_999) {
                sampled[0] = line;
              }
            });
    assertThat(read).isEqualTo(200_000).isEqualTo(count[0]);
    long n = 199_999;
    long fen = 100 + n % 9900;
    assertThat(sampled[0])
        .isEqualTo(
            new StatementLine(
                n,
                Kind.CAPTURE,
                String.format("f%031x", n),
                "filler-" + n,
                null,
                cny(fen),
                cny((6 * fen + 500) / 1000),
                day.atTime(12, 0).atZone(CHINA).toInstant()));
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
