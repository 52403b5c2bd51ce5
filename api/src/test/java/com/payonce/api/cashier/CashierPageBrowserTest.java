package com.payonce.api.cashier;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The hosted cashier page in headless Chromium against the whole embedded payonce: the customer
 * picks a channel, scans, pays at the simulator, and the page follows the order live.
 */
class CashierPageBrowserTest extends CashierTestSupport {
  private static final Duration PAGE_DEADLINE = Duration.ofSeconds(30);

  private static ChromeDriver browser;

  /** What the page showed when a test failed: target/screenshots/failed-{test}.png and .html. */
  @RegisterExtension
  final TestWatcher keepFailedPage =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          if (browser != null) {
            HeadlessChromium.keepPage(browser, "failed-" + context.getDisplayName());
          }
        }
      };

  @BeforeAll
  static void startBrowser() {
    if (HeadlessChromium.installed()) {
      browser = HeadlessChromium.start();
    }
  }

  /** Each test reports itself skipped, with how to install the browser (or fails in CI). */
  @BeforeEach
  void needTheBrowser() {
    HeadlessChromium.assumeInstalled();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @AfterEach
  void noContentSecurityPolicyViolations() {
    if (browser == null) {
      return;
    }
    assertThat(HeadlessChromium.consoleMessages(browser))
        .noneMatch(message -> message.contains("Content Security Policy"));
  }

  @Test
  void theCustomerScansPays_andThePageShowsPaidWithoutAReload() {
    Reply order = order("Two pots of Tieguanyin", "12.00", null);
    String orderId = order.text("orderId");
    open(order.text("cashierUrl"));
    assertThat(browser.findElement(By.id("description")).getText())
        .isEqualTo("Two pots of Tieguanyin");
    assertThat(browser.findElement(By.id("amount")).getText()).isEqualTo("12.00");
    HeadlessChromium.screenshot(browser, "cashier-choose-channel");

    payButton("alipay").click();

    String attemptId = onlyAttempt(orderId, "alipay", "OPEN");
    awaitQrCodeOf(attemptId);
    assertThat(qrCodeText(orderId, order.text("clientSecret")))
        .isEqualTo(text(attempt(getOrder(orderId).json(), attemptId), "payUrl"));
    assertThat(browser.findElement(By.id("qr-hint")).getText()).contains("Alipay");
    HeadlessChromium.screenshot(browser, "cashier-qr");

    browser.executeScript("window.__noReload = true");
    customerPays("alipay", attemptId);

    awaitResult("paid");
    assertThat(browser.executeScript("return window.__noReload === true")).isEqualTo(true);
    // told by its event stream: the slow poll only stands in once the stream failed
    assertThat(browser.findElement(By.id("cashier")).getDomAttribute("data-live"))
        .isEqualTo("events");
    assertThat(payButtons()).isEmpty();
    HeadlessChromium.screenshot(browser, "cashier-paid");
  }

  @Test
  void aDoubleClickOrTwoQuickClicksOpenOneAttempt() {
    String doubleClicked = openNewOrder("double click");
    new Actions(browser).doubleClick(payButton("alipay")).perform();
    assertOneAttempt(doubleClicked, 1);

    // two clicks in the same task: the second comes before any answer could
    String scriptClicks = openNewOrder("two script clicks");
    browser.executeScript("arguments[0].click(); arguments[0].click();", payButton("alipay"));
    assertOneAttempt(scriptClicks, 1);

    // two WebDriver round trips apart: the first pay may have answered by the second click, which
    // then pays again on the same channel and gets the same open attempt
    String clickedTwice = openNewOrder("two clicks");
    WebElement button = payButton("wechat");
    button.click();
    button.click();
    assertOneAttempt(clickedTwice, 2);
  }

  @Test
  void switchingChannelClosesAlipayAndShowsTheWechatQrCode() {
    Reply order = order("Switching teas", "15.00", null);
    String orderId = order.text("orderId");
    open(order.text("cashierUrl"));

    payButton("alipay").click();
    String alipay = onlyAttempt(orderId, "alipay", "OPEN");
    awaitQrCodeOf(alipay);
    payButton("wechat").click();

    JsonNode switched =
        awaitOrder(
            orderId,
            "alipay closed, wechat open",
            view ->
                view.path("attempts").size() == 2
                    && "CLOSED".equals(text(attempt(view, alipay), "status"))
                    && "OPEN".equals(text(view.path("attempts").get(1), "status"))
                    && text(view.path("attempts").get(1), "payUrl") != null);
    JsonNode wechat = switched.path("attempts").get(1);
    assertThat(text(wechat, "channel")).isEqualTo("wechat");
    awaitQrCodeOf(text(wechat, "attemptId"));
    assertThat(qrCodeText(orderId, order.text("clientSecret"))).isEqualTo(text(wechat, "payUrl"));
    assertThat(payButton("wechat").getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(payButton("alipay").getDomAttribute("aria-pressed")).isEqualTo("false");
  }

  /**
   * A redirect product (Alipay page or wap, WeChat Pay h5) is followed by a link, not scanned. The
   * embedded channels are both QR products, so the button is marked as a redirect one in the page
   * (what the server renders for such a channel): the pay URL must become the link.
   */
  @Test
  void aRedirectChannelShowsAContinueLinkToThePayUrl() {
    Reply order = order("Tea paid by redirect", "6.00", null);
    open(order.text("cashierUrl"));
    browser.executeScript("arguments[0].dataset.qr = 'false'", payButton("alipay"));

    payButton("alipay").click();

    String attemptId = onlyAttempt(order.text("orderId"), "alipay", "OPEN");
    String payUrl = text(attempt(getOrder(order.text("orderId")).json(), attemptId), "payUrl");
    WebElement link = browser.findElement(By.id("redirect-link"));
    new WebDriverWait(browser, PAGE_DEADLINE)
        .withMessage("the continue link of attempt " + attemptId)
        .until(b -> link.isDisplayed() && payUrl.equals(link.getDomProperty("href")));
    assertThat(link.getText()).isEqualTo("Continue to Alipay");
    assertThat(link.getDomAttribute("rel")).isEqualTo("noreferrer");
    assertThat(browser.findElement(By.id("qr")).isDisplayed()).isFalse();
  }

  @Test
  void anExpiredOrCancelledOrderShowsItsStateAndNoPayButtons() {
    Reply expiring = order("Tea that waited too long", "5.00", 1);
    awaitStatus(expiring.text("orderId"), "EXPIRED");
    open(expiring.text("cashierUrl"));
    awaitResult("expired");
    assertThat(payButtons()).isEmpty();
    HeadlessChromium.screenshot(browser, "cashier-expired");

    Reply cancelled = order("Tea nobody wanted", "5.00", null);
    assertOk(cancel(cancelled.text("orderId")), 200);
    open(cancelled.text("cashierUrl"));
    awaitResult("cancelled");
    assertThat(payButtons()).isEmpty();

    // and live: the shop cancels while the page is open
    Reply open = order("Tea cancelled while on screen", "5.00", null);
    open(open.text("cashierUrl"));
    assertThat(payButtons()).hasSize(2);
    assertOk(cancel(open.text("orderId")), 200);
    awaitResult("cancelled");
    assertThat(payButtons()).isEmpty();
  }

  @Test
  void aRefundShowsOnThePage() {
    String orderId = uniqueId("cashier");
    JsonNode paid = paidOrder(orderId, "20.00");
    open(text(paid, "cashierUrl"));
    awaitResult("paid");

    assertOk(refund(orderId, "r-part", "5.00"), 200);
    awaitResult("partially-refunded");
    new WebDriverWait(browser, PAGE_DEADLINE)
        .until(b -> "5.00".equals(b.findElement(By.id("refunded-amount")).getText()));

    assertOk(refund(orderId, "r-rest", "15.00"), 200);
    awaitResult("refunded");
  }

  @Test
  void zhCnShowsTheChineseTexts() {
    Reply order = order("两壶铁观音", "12.00", null);
    open(order.text("cashierUrl") + "&lang=zh-CN");

    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
    assertThat(browser.findElement(By.cssSelector("#pay h2")).getText()).isEqualTo("选择支付方式");
    assertThat(payButton("alipay").getText()).isEqualTo("支付宝");
    assertThat(payButton("wechat").getText()).isEqualTo("微信支付");

    payButton("wechat").click();
    awaitQrCodeOf(onlyAttempt(order.text("orderId"), "wechat", "OPEN"));
    assertThat(browser.findElement(By.id("qr-hint")).getText()).isEqualTo("请使用微信支付扫码支付");
    HeadlessChromium.screenshot(browser, "cashier-zh-CN");
  }

  @Test
  void aWrongSecretShowsA404ThatNamesNothing() {
    Reply order = order("Secret blend", "3.00", null);
    open("/pay/" + order.text("orderId") + "?secret=cs_guess");

    assertThat(browser.getTitle()).isEqualTo("Payment page not found");
    assertThat(browser.getPageSource()).doesNotContain("Secret blend", order.text("orderId"));
    assertThat(payButtons()).isEmpty();
  }

  /**
   * Served from another host name than the one payonce calls itself by, the page still pays and
   * follows the order: every URL it uses is relative (PAYONCE_PUBLIC_URL is unset here). The
   * browser's DOM never holds the API key.
   */
  @Test
  void thePageWorksFromAnyHostName_andNeverHoldsTheApiKey() {
    Reply order = order("Tea from localhost", "4.00", null);
    browser.get("http://localhost:" + port + order.text("cashierUrl"));

    payButton("alipay").click();
    String attemptId = onlyAttempt(order.text("orderId"), "alipay", "OPEN");
    awaitQrCodeOf(attemptId);
    customerPays("alipay", attemptId);
    awaitResult("paid");

    assertThat(browser.getPageSource()).doesNotContain(API_KEY);
    @SuppressWarnings("unchecked")
    List<String> requested =
        (List<String>)
            browser.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
    assertThat(requested).isNotEmpty().allMatch(url -> url.startsWith("http://localhost:"));
  }

  /**
   * A browser opens only a few connections to one host (six over HTTP/1.1), and each page's event
   * stream holds one: a page left behind (kept in the back/forward cache, say) must give its stream
   * up, or a few pages later the pay call of the page on screen waits for a connection.
   */
  @Test
  void pagesLeftBehindDoNotHoldTheirStreams() {
    // a held connection makes a pay call wait far longer than this
    Duration deadline = Duration.ofSeconds(10);
    for (int i = 0; i < 8; i++) {
      String orderId = openNewOrder("page " + i + " of several");

      payButton("wechat").click();

      new WebDriverWait(browser, deadline)
          .withMessage("the pay call of page " + i + " answered")
          .until(b -> payButtons().stream().allMatch(WebElement::isEnabled));
      awaitQrCodeOf(onlyAttempt(orderId, "wechat", "OPEN"));
    }
  }

  // ---- the page --------------------------------------------------------------------------------

  private void open(String pathAndQuery) {
    browser.get(baseUrl() + pathAndQuery);
  }

  private String openNewOrder(String description) {
    Reply order = order(description, "1.00", null);
    open(order.text("cashierUrl"));
    return order.text("orderId");
  }

  private WebElement payButton(String channel) {
    return browser.findElement(By.cssSelector("#pay button[data-channel='" + channel + "']"));
  }

  private List<WebElement> payButtons() {
    return browser.findElements(By.cssSelector("button[data-channel]"));
  }

  private void awaitQrCodeOf(String attemptId) {
    new WebDriverWait(browser, PAGE_DEADLINE)
        .withMessage("the QR code of attempt " + attemptId)
        .until(
            b -> {
              WebElement image = b.findElement(By.id("qr-image"));
              return image.isDisplayed()
                  && attemptId.equals(image.getDomAttribute("data-attempt-id"))
                  && Boolean.TRUE.equals(
                      browser.executeScript(
                          "return arguments[0].complete && arguments[0].naturalWidth > 0", image));
            });
  }

  private void awaitResult(String result) {
    new WebDriverWait(browser, PAGE_DEADLINE)
        .withMessage("the page shows " + result)
        .until(
            b ->
                b.findElement(By.cssSelector("[data-result='" + result + "']")).isDisplayed()
                    && b.findElements(By.id("pay")).isEmpty());
  }

  /** Once the page is idle again, it made at most that many pay calls, for one attempt. */
  private void assertOneAttempt(String orderId, long maxPayCalls) {
    String attemptId = onlyAttempt(orderId, null, "OPEN");
    awaitQrCodeOf(attemptId);
    new WebDriverWait(browser, PAGE_DEADLINE)
        .withMessage("the pay buttons enabled again")
        .until(b -> payButtons().stream().allMatch(WebElement::isEnabled));
    Object payCalls =
        browser.executeScript(
            "return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.indexOf('/payments?') >= 0).length");
    assertThat((Long) payCalls).isBetween(1L, maxPayCalls);
    assertThat(getOrder(orderId).json().path("attempts")).hasSize(1);
  }

  /**
   * Waits for the order to have an attempt in that state with its pay URL (an attempt is OPEN a
   * moment before its channel answers one), and checks it is the order's only attempt.
   */
  private String onlyAttempt(String orderId, String channel, String status) {
    JsonNode view =
        awaitOrder(
            orderId,
            "an attempt " + status,
            v -> {
              for (JsonNode a : v.path("attempts")) {
                if (status.equals(text(a, "status")) && text(a, "payUrl") != null) {
                  return true;
                }
              }
              return false;
            });
    JsonNode attempts = view.path("attempts");
    assertThat(attempts).hasSize(1);
    if (channel != null) {
      assertThat(text(attempts.get(0), "channel")).isEqualTo(channel);
    }
    return text(attempts.get(0), "attemptId");
  }
}
