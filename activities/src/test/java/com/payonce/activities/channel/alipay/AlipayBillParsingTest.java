package com.payonce.activities.channel.alipay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.activities.channel.StatementLine;
import com.payonce.workflows.money.Money;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detail CSV parser on hand-made files: columns by name, comments, padding, loud failures. */
class AlipayBillParsingTest {

  private static final String COMMENTS =
      "#支付宝业务明细查询\r\n#账号：[2088000000000042]\r\n#-----业务明细列表-----\r\n";
  private static final String FOOTER = "#-----业务明细列表结束-----\r\n#交易合计：1笔\r\n#导出时间：[x]\r\n";

  /** Columns in another order and an unknown one; values tab-padded: read by name all the same. */
  @Test
  void readsColumnsByNameSkippingCommentsAndPadding() throws Exception {
    String file =
        COMMENTS
            + "业务类型,服务费（元）,新列,商户订单号,支付宝交易号,完成时间,商家实收（元）,退款批次号/请求号\r\n"
            + "交易\t,-0.60\t,x\t,o-1\t,t-1\t,2026-11-26 20:00:00\t,100.00\t,\t\r\n"
            + "退款\t,0.06\t,x\t,o-1\t,t-1\t,2026-11-26 20:01:00\t,-10.00\t,r-1\t\r\n"
            + FOOTER;
    List<StatementLine> lines = new ArrayList<>();
    assertThat(AlipayStatement.parse("alipay", new StringReader(file), lines::add)).isEqualTo(2);
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
  void aLineThatCannotBeReadFailsTheRead() {
    List<String> rows =
        List.of(
            "冻结\t,0.00\t,o-1\t,t-1\t,2026-11-26 20:00:00\t,100.00\t,\t", // unknown type
            "交易\t,-0.60\t,o-1\t,t-1\t,2026-11-26 20:00:00\t,-100.00\t,\t", // negative capture
            "退款\t,0.06\t,o-1\t,t-1\t,2026-11-26 20:01:00\t,-10.00\t,\t", // refund without number
            "交易\t,-0.60\t,o-1\t,t-1\t,2026/11/26 20:00\t,100.00\t,\t", // time
            "交易\t,-0.60\t,o-1\t,t-1\t,2026-11-26 20:00:00\t,1e2\t,\t", // amount
            "交易\t,-0.60\t,o-1\t,t-1\t,2026-11-26 20:00:00\t,100.00\t"); // a value short
    for (String row : rows) {
      String file =
          COMMENTS + "业务类型,服务费（元）,商户订单号,支付宝交易号,完成时间,商家实收（元）,退款批次号/请求号\r\n" + row + "\r\n" + FOOTER;
      assertThatThrownBy(() -> AlipayStatement.parse("alipay", new StringReader(file), line -> {}))
          .as(row)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be read");
    }
  }

  @Test
  void aMissingColumnFails() {
    String file = COMMENTS + "业务类型,商户订单号\r\n" + FOOTER;
    assertThatThrownBy(() -> AlipayStatement.parse("alipay", new StringReader(file), line -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no column");
  }
}
