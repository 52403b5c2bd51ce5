package com.payonce.activities.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.activities.channel.StatementLine;
import com.payonce.workflows.money.Money;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The trade bill parser on hand-made files: columns by name, and loud failures. */
class WechatTradeBillParsingTest {

  private static final LocalDate DAY = LocalDate.parse("2026-11-26");
  private static final String SUMMARY_HEADER =
      "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n";
  private final WechatPayStatement statement =
      new WechatPayStatement("wechat", null, new WechatPayCalls("wechat"), Clock.systemUTC());

  /** Columns in another order, one unknown column, a byte-order mark: read by name all the same. */
  @Test
  void readsColumnsByNameInAnyOrder() throws Exception {
    String file =
        "\uFEFF商户订单号,手续费,新列,交易状态,交易时间,微信订单号,货币种类,应结订单金额,商户退款单号,退款金额,退款状态\r\n"
            + "`o-1,`0.60,`x,`SUCCESS,`2026-11-26 20:00:00,`t-1,`CNY,`100.00,`0,`0.00,`\r\n"
            + "`o-1,`-0.06,`x,`REFUND,`2026-11-26 20:01:00,`t-1,`CNY,`0.00,`r-1,`10.00,`SUCCESS\r\n"
            + SUMMARY_HEADER
            + "`2,`100.00,`10.00,`0.00,`0.54,`100.00,`10.00\r\n";
    List<StatementLine> lines = new ArrayList<>();
    assertThat(statement.parse(DAY, stream(file), lines::add)).isEqualTo(2);
    assertThat(lines)
        .containsExactly(
            new StatementLine(
                1,
                StatementLine.Kind.CAPTURE,
                "o-1",
                "t-1",
                null,
                new Money(10_000, "CNY"),
                new Money(60, "CNY"),
                Instant.parse("2026-11-26T12:00:00Z")),
            new StatementLine(
                2,
                StatementLine.Kind.REFUND,
                "o-1",
                "t-1",
                "r-1",
                new Money(1_000, "CNY"),
                new Money(6, "CNY"),
                Instant.parse("2026-11-26T12:01:00Z")));
  }

  @Test
  void aSummaryThatDoesNotAddUpFails() {
    String file =
        header()
            + capture("100.00")
            + SUMMARY_HEADER
            + "`1,`99.99,`0.00,`0.00,`0.60,`100.00,`0.00\r\n";
    assertThatThrownBy(() -> statement.parse(DAY, stream(file), line -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not add up");
  }

  @Test
  void aFileCutBeforeItsSummaryFails() {
    String file = header() + capture("100.00");
    assertThatThrownBy(() -> statement.parse(DAY, stream(file), line -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without its summary");
  }

  @Test
  void anUnreadableAmountFailsRatherThanSkipsTheLine() {
    for (String amount : List.of("1e3", "100.001", "-100.00", "", "100,00")) {
      String file =
          header()
              + capture(amount)
              + SUMMARY_HEADER
              + "`1,`100.00,`0.00,`0.00,`0.60,`100.00,`0.00\r\n";
      assertThatThrownBy(() -> statement.parse(DAY, stream(file), line -> {}))
          .as(amount)
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anUnknownTradeStatusOrAnUnfinishedRefundFails() {
    String revoked = capture("100.00").replace("`SUCCESS", "`REVOKED");
    String processing =
        "`2026-11-26 20:01:00,`t-1,`o-1,`REFUND,`CNY,`0.00,`r-1,`10.00,`PROCESSING,`-0.06\r\n";
    for (String row : List.of(revoked, processing)) {
      String file = header() + row + SUMMARY_HEADER + "`1,`0.00,`0.00,`0.00,`0.00,`0.00,`0.00\r\n";
      assertThatThrownBy(() -> statement.parse(DAY, stream(file), line -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be read");
    }
  }

  /** A refund's fee is what came back; a refund that charged one cannot be held. */
  @Test
  void aRefundThatChargesAFeeFails() {
    String row = "`2026-11-26 20:01:00,`t-1,`o-1,`REFUND,`CNY,`0.00,`r-1,`10.00,`SUCCESS,`0.06\r\n";
    String file = header() + row + SUMMARY_HEADER + "`1,`0.00,`10.00,`0.00,`0.06,`0.00,`10.00\r\n";
    assertThatThrownBy(() -> statement.parse(DAY, stream(file), line -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refund fee");
  }

  @Test
  void aMissingColumnFails() {
    String file = "交易时间,微信订单号\r\n" + SUMMARY_HEADER;
    assertThatThrownBy(() -> statement.parse(DAY, stream(file), line -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no column");
  }

  private static String header() {
    return "交易时间,微信订单号,商户订单号,交易状态,货币种类,应结订单金额,商户退款单号,退款金额,退款状态,手续费\r\n";
  }

  private static String capture(String amount) {
    String value = amount.contains(",") ? "\"`" + amount + "\"" : "`" + amount;
    return "`2026-11-26 20:00:00,`t-1,`o-1,`SUCCESS,`CNY," + value + ",`0,`0.00,`,`0.60\r\n";
  }

  private static ByteArrayInputStream stream(String file) {
    return new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8));
  }
}
