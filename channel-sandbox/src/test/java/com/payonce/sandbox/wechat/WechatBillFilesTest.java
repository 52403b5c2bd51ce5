package com.payonce.sandbox.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.sandbox.channel.ChannelSettings;
import com.payonce.sandbox.channel.DailyBill;
import com.payonce.sandbox.channel.SandboxLedgerFixture;
import com.payonce.sandbox.keys.ChannelKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * WeChat Pay's trade and fund-flow bills to the byte for a known day: the column header, every
 * value backticked, yuan with two decimals, the refund's fee negative, the summary header and row.
 */
class WechatBillFilesTest {

  private static final LocalDate DAY = LocalDate.parse("2026-11-26");
  private static final ChannelKeys KEYS =
      new ChannelKeys("1900000001", "wx0000000000000001", null, null, null, null, null);

  @Test
  void theTradeBillOfAKnownDay() {
    try (SandboxLedgerFixture fixture = new SandboxLedgerFixture()) {
      String o1 = fixture.channelOrderId("o-1");
      String o2 = fixture.channelOrderId("o-2");
      String expected =
          """
          交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注
          `2026-11-26 20:00:00,`wx0000000000000001,`1900000001,`0,`,`O1,`o-1,`oSandboxPayer000000000000000,`NATIVE,`SUCCESS,`OTHERS,`CNY,`100.00,`0.00,`0,`0,`0.00,`0.00,`,`,`,`,`0.60,`0.60%,`100.00,`0.00,`
          `2026-11-26 20:00:05,`wx0000000000000001,`1900000001,`0,`,`O2,`o-2,`oSandboxPayer000000000000000,`NATIVE,`SUCCESS,`OTHERS,`CNY,`25.50,`0.00,`0,`0,`0.00,`0.00,`,`,`,`,`0.15,`0.60%,`25.50,`0.00,`
          `2026-11-26 20:01:00,`wx0000000000000001,`1900000001,`0,`,`O2,`o-2,`oSandboxPayer000000000000000,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`R1,`r-1,`10.00,`0.00,`ORIGINAL,`SUCCESS,`,`,`-0.06,`0.60%,`0.00,`10.00,`
          总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额
          `3,`125.50,`10.00,`0.00,`0.69,`125.50,`10.00
          """
              .replace("O1", o1)
              .replace("O2", o2)
              .replace("R1", TradeJson.refundId("r-1"))
              .replace("\n", "\r\n");
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      WechatTradeBill.write(bill(fixture), "ALL", 60, KEYS, file);
      assertThat(file.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }
  }

  @Test
  void theFundFlowBillOfAKnownDay() {
    try (SandboxLedgerFixture fixture = new SandboxLedgerFixture()) {
      ByteArrayOutputStream file = new ByteArrayOutputStream();
      WechatFundFlowBill.write(bill(fixture), file);
      String[] lines = file.toString(StandardCharsets.UTF_8).split("\r\n");
      assertThat(lines).hasSize(1 + 6 + 2);
      assertThat(lines[1])
          .startsWith("`2026-11-26 20:00:00,`" + fixture.channelOrderId("o-1") + ",`")
          .contains(",`交易,`交易,`收入,`100.00,`100.00,`");
      assertThat(lines[2]).contains(",`扣除交易手续费,`扣除交易手续费,`支出,`0.60,`99.40,`");
      assertThat(lines[5]).contains(",`退款,`退款,`支出,`10.00,`114.75,`").endsWith(",`r-1");
      assertThat(lines[6]).contains(",`退还交易手续费,`退还交易手续费,`收入,`0.06,`114.81,`");
      assertThat(lines[7]).isEqualTo("资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额");
      assertThat(lines[8]).isEqualTo("`6,`3,`125.56,`3,`10.75");
    }
  }

  private static DailyBill bill(SandboxLedgerFixture fixture) {
    Instant asOf = fixture.simulator.now();
    return fixture.simulator.bill(DAY, asOf, ChannelSettings.DEFAULTS);
  }
}
