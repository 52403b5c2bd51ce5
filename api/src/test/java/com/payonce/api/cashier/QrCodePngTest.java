package com.payonce.api.cashier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every pay URL a channel may answer comes back out of its QR code exactly. */
class QrCodePngTest {

  @Test
  void payUrlsOfEveryLengthReadBackExactly() {
    Random random = new Random(20261201);
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_/?=&%.";
    for (int length = 1; length <= 400; length += 7) {
      StringBuilder url = new StringBuilder("https://qr.example/");
      for (int i = 0; i < length; i++) {
        url.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = url.toString();
      assertThat(CashierTestSupport.decodeQr(QrCodePng.of(text)))
          .as("length %d", length)
          .isEqualTo(text);
    }
    assertThat(CashierTestSupport.decodeQr(QrCodePng.of("weixin://wxpay/bizpayurl?pr=abc123")))
        .isEqualTo("weixin://wxpay/bizpayurl?pr=abc123");
  }
}
