package com.payonce.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.payonce.api.cashier.HeadlessChromium;
import com.payonce.workflows.operator.OperatorReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The ops console in headless Chromium against the whole embedded payonce: the login, the order
 * list's filters and pages, one order's timeline with payonce's and the channel's amounts.
 */
class OpsConsoleBrowserTest extends OpsConsoleTestSupport {
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
      // a laptop's screen, not the cashier's phone: the console is tables
      browser.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1, "mobile", false));
    }
  }

  /** Each test starts logged out. */
  @BeforeEach
  void needTheBrowser() {
    HeadlessChromium.assumeInstalled();
    browser.get(baseUrl() + "/ops/login");
    browser.manage().deleteAllCookies();
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
  void anonymousGetsTheLoginPage_andAWrongPasswordIsRefused() {
    open("/ops/orders");
    assertThat(browser.getCurrentUrl()).endsWith("/ops/login");
    assertThat(browser.findElements(By.id("orders"))).isEmpty();

    logIn(OPS_USERNAME, "not-the-password");

    new WebDriverWait(browser, PAGE_DEADLINE)
        .until(b -> b.getCurrentUrl().endsWith("/ops/login?error"));
    assertThat(browser.findElement(By.id("login-message")).getText())
        .isEqualTo("Wrong name or password.");
    open("/ops/orders");
    assertThat(browser.getCurrentUrl()).endsWith("/ops/login");
  }

  @Test
  void theOperatorFiltersAndPagesTheOrders_andOpensOneWithBothAmounts() {
    String customer = uniqueId("ops-browser");
    String paid = paidAndRefunded(customer, "12.00", "2.00");
    String first = awaitingPayment(customer, "5.00");
    String second = awaitingPayment(customer, "6.00");
    await("the channel's callback of " + paid + " is in the inbox")
        .atMost(PAGE_DEADLINE)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                jdbc()
                        .sql(
                            """
                            SELECT count(*) FROM webhook_inbox w JOIN payment_attempts a
                              ON a.attempt_id = w.attempt_id AND a.channel = w.channel
                            WHERE a.order_id = :orderId
                            """)
                        .param("orderId", paid)
                        .query(Long.class)
                        .single()
                    > 0);

    open("/ops/orders");
    logIn(OPS_USERNAME, OPS_PASSWORD);
    awaitRowsOf(null);
    assertThat(browser.findElement(By.id("operator")).getText()).isEqualTo(OPS_USERNAME);

    // two a page, newest first
    type("filter-customer", customer);
    type("filter-limit", "2");
    browser.findElement(By.id("filter-button")).click();
    awaitRowsOf(List.of(second, first));
    HeadlessChromium.screenshot(browser, "ops-orders");
    browser.findElement(By.id("next-page")).click();
    awaitRowsOf(List.of(paid));
    assertThat(browser.findElements(By.id("next-page"))).isEmpty();

    new Select(browser.findElement(By.id("filter-status"))).selectByValue("PARTIALLY_REFUNDED");
    browser.findElement(By.id("filter-button")).click();
    awaitRowsOf(List.of(paid));
    new Select(browser.findElement(By.id("filter-status"))).selectByValue("AWAITING_PAYMENT");
    browser.findElement(By.id("filter-button")).click();
    awaitRowsOf(List.of(second, first));
    new Select(browser.findElement(By.id("filter-status"))).selectByValue("");
    new Select(browser.findElement(By.id("filter-channel"))).selectByValue("alipay");
    browser.findElement(By.id("filter-button")).click();
    awaitRowsOf(List.of(paid));

    browser.findElement(By.cssSelector("a.order-link")).click();
    new WebDriverWait(browser, PAGE_DEADLINE)
        .until(b -> b.getCurrentUrl().endsWith("/ops/orders/" + paid));
    assertThat(text("order-id")).isEqualTo(paid);
    assertThat(text("order-status")).isEqualTo("PARTIALLY_REFUNDED");

    WebElement attempt = browser.findElement(By.cssSelector("#attempts tr.attempt"));
    assertThat(attempt.findElement(By.cssSelector("td:nth-child(2)")).getText())
        .isEqualTo("alipay");
    assertThat(attempt.findElement(By.cssSelector(".ours-captured")).getText()).isEqualTo("12.00");
    assertThat(attempt.findElement(By.cssSelector(".ours-refunded")).getText()).isEqualTo("2.00");
    assertThat(attempt.findElement(By.cssSelector(".channel-status")).getText()).isEqualTo("PAID");
    assertThat(attempt.findElement(By.cssSelector(".channel-captured")).getText())
        .isEqualTo("12.00");
    assertThat(attempt.getDomAttribute("class")).doesNotContain("differs");

    WebElement refund = browser.findElement(By.cssSelector("#refunds tr.refund"));
    assertThat(refund.findElement(By.cssSelector(".refund-kind")).getText()).isEqualTo("REQUESTED");
    assertThat(refund.findElement(By.cssSelector(".refund-status")).getText())
        .isEqualTo("SUCCEEDED");
    assertThat(refund.findElement(By.cssSelector(".refund-amount")).getText()).isEqualTo("2.00");
    assertThat(browser.findElements(By.cssSelector("#channel-events tr.channel-event")))
        .isNotEmpty();
    assertThat(
            browser.findElements(By.cssSelector("#events .event-type")).stream()
                .map(e -> e.getDomProperty("textContent")))
        .contains("order.paid", "refund.succeeded");
    assertThat(browser.findElement(By.id("temporal-link")).getDomAttribute("href"))
        .isEqualTo("http://temporal-ui.test:8233/namespaces/default/workflows/" + paid);
    HeadlessChromium.screenshot(browser, "ops-order");

    // the ledger says more was captured than the channel did: the row stands out
    jdbc()
        .sql("UPDATE payment_attempts SET captured_minor = 1300 WHERE order_id = :orderId")
        .param("orderId", paid)
        .update();
    browser.navigate().refresh();
    WebElement differs = browser.findElement(By.cssSelector("#attempts tr.attempt"));
    assertThat(differs.getDomAttribute("class")).contains("differs");
    assertThat(differs.findElement(By.cssSelector(".difference")).getText())
        .isEqualTo("amounts differ");
  }

  @Test
  void theOperatorResolvesAnItemAndRetriesAnother_andSeesTheirAuditTrails() {
    String orderId = awaitingPayment(uniqueId("ops-queue"), "4.00");
    long resolved = raiseItem(OperatorReason.AMOUNT_MISMATCH, orderId, "4.10 against 4.00");
    long retried = raiseItem(OperatorReason.AMOUNT_MISMATCH, orderId, "4.20 against 4.00");
    long otherReason = raiseItem(OperatorReason.REFUND_FAILED, orderId, "refused for good");

    open("/ops/queue");
    logIn(OPS_USERNAME, OPS_PASSWORD);
    new WebDriverWait(browser, PAGE_DEADLINE).until(b -> b.getCurrentUrl().contains("/ops/queue"));
    new Select(browser.findElement(By.id("queue-reason"))).selectByValue("AMOUNT_MISMATCH");
    browser.findElement(By.id("queue-filter-button")).click();
    new WebDriverWait(browser, PAGE_DEADLINE)
        .until(b -> b.getCurrentUrl().contains("reason=AMOUNT_MISMATCH"));
    List<WebElement> cards = browser.findElements(By.cssSelector("#items article.item"));
    assertThat(cards)
        .isNotEmpty()
        .allSatisfy(
            card ->
                assertThat(card.findElement(By.cssSelector(".item-reason")).getText())
                    .isEqualTo("AMOUNT_MISMATCH"));
    assertThat(cards.stream().map(card -> card.getDomAttribute("data-item-id")))
        .contains(Long.toString(resolved), Long.toString(retried))
        .doesNotContain(Long.toString(otherReason));
    HeadlessChromium.screenshot(browser, "ops-queue");

    WebElement card = browser.findElement(By.id("item-" + resolved));
    card.findElement(By.cssSelector("form.resolve textarea"))
        .sendKeys("refunded 0.10 by hand in the Alipay console");
    card.findElement(By.cssSelector(".resolve-button")).click();
    new WebDriverWait(browser, PAGE_DEADLINE)
        .until(b -> b.getCurrentUrl().endsWith("/ops/queue/" + resolved + "?done=resolved"));
    assertThat(text("done")).isEqualTo("Resolved.");
    assertThat(browser.findElement(By.cssSelector(".item-status")).getText()).isEqualTo("RESOLVED");
    assertThat(trail())
        .containsExactly(
            List.of("CREATED", "payonce", ""),
            List.of("RESOLVED", OPS_USERNAME, "refunded 0.10 by hand in the Alipay console"));
    assertThat(browser.findElements(By.cssSelector(".resolve-button, .retry-button"))).isEmpty();
    assertThat(itemStatus(resolved)).isEqualTo("RESOLVED");

    open("/ops/queue/" + retried);
    browser.findElement(By.cssSelector("form.retry textarea")).sendKeys("match it again");
    browser.findElement(By.cssSelector(".retry-button")).click();
    new WebDriverWait(browser, PAGE_DEADLINE)
        .until(b -> b.getCurrentUrl().endsWith("/ops/queue/" + retried + "?done=retried"));
    // no difference row to match again: the item stays open, the retry is in its trail
    assertThat(trail()).contains(List.of("RETRIED", OPS_USERNAME, "match it again"));
    assertThat(itemStatus(retried)).isEqualTo("OPEN");
  }

  // ---- the pages -------------------------------------------------------------------------------

  /** The audit trail on the page: action, actor, note. */
  private List<List<String>> trail() {
    return browser.findElements(By.cssSelector("tr.trail-entry")).stream()
        .map(
            row ->
                List.of(
                    row.findElement(By.cssSelector(".trail-action")).getText(),
                    row.findElement(By.cssSelector(".trail-actor")).getText(),
                    row.findElement(By.cssSelector(".trail-note")).getText()))
        .toList();
  }

  private void open(String path) {
    browser.get(baseUrl() + path);
  }

  private void logIn(String username, String password) {
    type("username", username);
    type("password", password);
    browser.findElement(By.id("login-button")).click();
  }

  private void type(String id, String value) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  /** Waits for the order list to show exactly these orders, in order (null: any list). */
  private void awaitRowsOf(List<String> orderIds) {
    new WebDriverWait(browser, PAGE_DEADLINE)
        .withMessage("the order list shows " + orderIds)
        // the rows read may belong to the page being replaced by the next one
        .ignoring(StaleElementReferenceException.class)
        .until(
            b -> {
              if (!b.getCurrentUrl().contains("/ops/orders")
                  || b.findElements(By.id("filters")).isEmpty()) {
                return false;
              }
              List<String> shown =
                  b.findElements(By.cssSelector("#orders tr.order-row")).stream()
                      .map(row -> row.getDomAttribute("data-order-id"))
                      .toList();
              return orderIds == null || shown.equals(orderIds);
            });
  }
}
