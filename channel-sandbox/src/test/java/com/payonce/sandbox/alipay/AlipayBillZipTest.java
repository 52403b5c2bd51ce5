package com.payonce.sandbox.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.sandbox.channel.ChannelSettings;
import com.payonce.sandbox.channel.SandboxLedgerFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * Alipay's trade bill ZIP to the byte for a known day: two entries named as Alipay names them, in
 * GBK without ZIP's UTF-8 flag, each a GBK CSV with # header and footer lines and tab-padded
 * values.
 */
class AlipayBillZipTest {

  private static final Charset GBK = Charset.forName("GBK");
  private static final LocalDate DAY = LocalDate.parse("2026-11-26");
  private static final String PID = "2088000000000042";

  @Test
  void theBillOfAKnownDay() throws IOException {
    try (SandboxLedgerFixture fixture = new SandboxLedgerFixture()) {
      Instant asOf = fixture.simulator.now();
      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      AlipayBillZip.write(
          fixture.simulator.bill(DAY, asOf, ChannelSettings.DEFAULTS), PID, asOf, zip);
      byte[] bytes = zip.toByteArray();

      String detailName = PID + "_20261126_业务明细.csv";
      // the first local header: flags (bit 11 = UTF-8 names) at 6, name length at 26, name at 30
      assertThat(bytes[7] & 0x08).as("no UTF-8 flag").isZero();
      int nameLength = (bytes[26] & 0xff) | (bytes[27] & 0xff) << 8;
      assertThat(Arrays.copyOfRange(bytes, 30, 30 + nameLength))
          .isEqualTo(detailName.getBytes(GBK));

      List<String> names = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(bytes), GBK)) {
        for (ZipEntry entry = entries.getNextEntry();
            entry != null;
            entry = entries.getNextEntry()) {
          names.add(entry.getName());
          texts.add(new String(entries.readAllBytes(), GBK));
        }
      }
      assertThat(names).containsExactly(detailName, PID + "_20261126_业务明细(汇总).csv");
      String o1 = fixture.channelOrderId("o-1");
      String o2 = fixture.channelOrderId("o-2");
      assertThat(texts.get(0))
          .isEqualTo(
              """
              #支付宝业务明细查询
              #账号：[2088000000000042]
              #起始日期：[2026年11月26日 00:00:00]   终止日期：[2026年11月27日 00:00:00]
              #-----------------------------------------业务明细列表----------------------------------------
              支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注
              O1\t,o-1\t,交易\t,\t,2026-11-26 20:00:00\t,2026-11-26 20:00:00\t,\t,\t,\t,\t,sandbox-buyer\t,100.00\t,100.00\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,\t,-0.60\t,0.00\t,\t
              O2\t,o-2\t,交易\t,\t,2026-11-26 20:00:05\t,2026-11-26 20:00:05\t,\t,\t,\t,\t,sandbox-buyer\t,25.50\t,25.50\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,\t,-0.15\t,0.00\t,\t
              O2\t,o-2\t,退款\t,\t,2026-11-26 20:01:00\t,2026-11-26 20:01:00\t,\t,\t,\t,\t,sandbox-buyer\t,25.50\t,-10.00\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,r-1\t,0.06\t,0.00\t,\t
              #-----------------------------------------业务明细列表结束------------------------------------
              #交易合计：2笔，商家实收共：125.50元，商家优惠共：0.00元
              #退款合计：1笔，商家实收退款共：-10.00元，商家优惠退款共：0.00元
              #导出时间：[2026年11月27日 09:00:00]
              """
                  .replace("O1", o1)
                  .replace("O2", o2)
                  .replace("\n", "\r\n"));
      assertThat(texts.get(1))
          .isEqualTo(
              """
              #支付宝业务汇总查询
              #账号：[2088000000000042]
              #起始日期：[2026年11月26日 00:00:00]   终止日期：[2026年11月27日 00:00:00]
              #-----------------------------------------业务汇总列表----------------------------------------
              门店编号,门店名称,交易订单总笔数,退款订单总笔数,订单金额（元）,商家实收（元）,支付宝优惠（元）,商家优惠（元）,卡消费金额（元）,服务费（元）,分润（元）,实收净额（元）
              \t,合计\t,2\t,1\t,125.50\t,115.50\t,0.00\t,0.00\t,0.00\t,-0.69\t,0.00\t,114.81\t
              #-----------------------------------------业务汇总列表结束------------------------------------
              #导出时间：[2026年11月27日 09:00:00]
              """
                  .replace("\n", "\r\n"));
    }
  }

  @Test
  void thePartnerIdIs2088AndTheAppIdsLastTwelveDigits() {
    assertThat(AlipayBills.pid("2021000000000042")).isEqualTo(PID);
  }
}
