package com.payonce.api.cashier;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The cashier page and its QR codes over plain HTTP: what they reveal, their headers, their
 * language, and what a QR code may contain. (CashierPageBrowserTest drives the page itself.)
 */
class CashierPageHttpTest extends CashierTestSupport {
  private static final Pattern URL_ATTRIBUTE = Pattern.compile("\\s(?:src|href)=\"([^\"]*)\"");

  @Autowired private ClientSecrets secrets;

  @Test
  void aWrongSecretAndAnUnknownOrderGetTheSamePlain404() {
    Reply order = order("Oolong for the probe test", "8.00", null);
    String orderId = order.text("orderId");
    String unknown = uniqueId("cashier-unknown");

    List<Reply> answers =
        List.of(
            page("/pay/" + orderId + "?secret=cs_wrong"),
            page("/pay/" + orderId),
            page("/pay/" + orderId + "?secret=" + order.text("clientSecret") + "x"),
            page("/pay/" + unknown + "?secret=cs_wrong"),
            // the right secret for an id nobody checked out
            page("/pay/" + unknown + "?secret=" + secrets.of(unknown)));

    for (Reply answer : answers) {
      assertThat(answer.status()).as("%s", answer).isEqualTo(404);
      assertThat(answer.contentType()).startsWith("text/html");
      assertThat(answer.body()).isEqualTo(answers.get(0).body());
      assertSecurityHeaders(answer);
    }
    assertThat(answers.get(0).body())
        .contains("Payment page not found")
        .doesNotContain("Oolong", orderId, unknown, "8.00", "cashier.js");
    assertThat(getBytes("/pay/" + orderId + "/qr.png?secret=cs_wrong").statusCode()).isEqualTo(404);
  }

  @Test
  void thePageSetsItsSecurityHeaders_andHasNoInlineScriptOrStyle() {
    Reply order = order("Jasmine for the header test", "9.50", null);

    Reply page = page(order.text("cashierUrl"));

    assertThat(page.status()).as("%s", page).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertSecurityHeaders(page);
    assertThat(page.header("Content-Security-Policy"))
        .contains("script-src 'self'", "frame-ancestors 'none'", "default-src 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval");
    Matcher scripts = Pattern.compile("<script[^>]*>").matcher(page.body());
    int count = 0;
    while (scripts.find()) {
      assertThat(scripts.group()).as("a script from a file").contains(" src=\"/cashier/");
      count++;
    }
    assertThat(count).isEqualTo(1);
    assertThat(page.body())
        .doesNotContainPattern("\\son[a-z]+=")
        .doesNotContain(" style=", "<style");
  }

  /** The page must work wherever it is served from: PAYONCE_PUBLIC_URL is unset in these tests. */
  @Test
  void thePageHoldsTheClientSecretNeverTheApiKey_andOnlyRelativeUrls() {
    Reply order = order("Pu'er for the key test", "10.00", null);
    String cashierUrl = order.text("cashierUrl");
    assertThat(cashierUrl).startsWith("/pay/" + order.text("orderId") + "?secret=");

    Reply page = page(cashierUrl);
    Reply script = page("/cashier/cashier.js");
    Reply style = page("/cashier/cashier.css");

    assertThat(page.body()).contains("data-secret=\"" + order.text("clientSecret") + "\"");
    for (Reply resource : List.of(page, script, style)) {
      assertThat(resource.status()).as("%s", resource).isEqualTo(200);
      assertThat(resource.body()).doesNotContain(API_KEY, "Authorization", "Bearer");
    }
    assertThat(script.body()).contains("clientSecret=").doesNotContain("http://", "https://");
    Matcher urls = URL_ATTRIBUTE.matcher(page.body());
    int count = 0;
    while (urls.find()) {
      assertThat(urls.group(1)).as("a URL of the page").matches("^(/|#).*");
      count++;
    }
    assertThat(count).isGreaterThanOrEqualTo(4);
  }

  @Test
  void theLanguageComesFromLang_thenAcceptLanguage_elseEnglish() {
    String url = order("Longjing for the language test", "6.00", null).text("cashierUrl");

    assertThat(page(url + "&lang=zh-CN").body()).contains("lang=\"zh-CN\"", "选择支付方式", "支付宝");
    assertThat(page(url, "zh-CN,zh;q=0.9").body()).contains("选择支付方式", "微信支付");
    assertThat(page(url, "zh").body()).contains("选择支付方式");
    assertThat(page(url + "&lang=en", "zh-CN").body()).contains("Choose how to pay", "Alipay");
    assertThat(page(url, "fr-FR,fr;q=0.9").body())
        .contains("lang=\"en\"", "Choose how to pay", "WeChat Pay");
    assertThat(page(url + "&lang=xx").body()).contains("Choose how to pay");
  }

  @Test
  void theQrCodeIsTheOpenAttemptsPayUrl_neverTextFromTheRequest() {
    Reply order = order("Dragon well for the QR test", "7.00", null);
    String orderId = order.text("orderId");
    String secret = order.text("clientSecret");
    String qr = "/pay/" + orderId + "/qr.png?secret=" + secret;
    assertThat(getBytes(qr).statusCode()).as("no attempt yet").isEqualTo(404);

    Reply attempt = pay(orderId, "alipay");
    assertOk(attempt, 200);

    HttpResponse<byte[]> png = getBytes(qr + "&text=https%3A%2F%2Fphish.example%2F");
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(decodeQr(png.body())).isEqualTo(attempt.text("payUrl"));
    assertThat(qrCodeText(orderId, secret + "&attempt=" + attempt.text("attemptId")))
        .isEqualTo(attempt.text("payUrl"));
    assertThat(getBytes(qr + "&attempt=another").statusCode()).isEqualTo(404);

    assertOk(cancel(orderId), 200);
    assertThat(getBytes(qr).statusCode()).as("nothing to pay any more").isEqualTo(404);
  }

  private Reply page(String path) {
    return send("GET", path, null, Map.of());
  }

  private Reply page(String path, String acceptLanguage) {
    return send("GET", path, null, Map.of("Accept-Language", acceptLanguage));
  }

  private static void assertSecurityHeaders(Reply reply) {
    assertThat(reply.header("Content-Security-Policy")).isNotBlank();
    assertThat(reply.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(reply.header("Cache-Control")).isEqualTo("no-store");
    assertThat(reply.header("X-Frame-Options")).isEqualTo("DENY");
    assertThat(reply.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }
}
