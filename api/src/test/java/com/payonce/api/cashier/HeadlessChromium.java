package com.payonce.api.cashier;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The Debian Chromium and chromedriver the browser tests drive, named explicitly: Selenium Manager
 * cannot download a browser here. Without them the tests are skipped, unless
 * PAYONCE_BROWSER_TESTS=required (CI), where that is a failure. The cashier's and the ops console's
 * browser tests share it.
 */
public final class HeadlessChromium {
  static final String BROWSER = env("CHROME_BIN", "/usr/bin/chromium");
  static final String DRIVER = env("CHROMEDRIVER", "/usr/bin/chromedriver");

  /** Phone-sized, which keeps the committed screenshots small. */
  private static final int WIDTH = 480;

  private static final int HEIGHT = 900;

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private HeadlessChromium() {}

  public static boolean installed() {
    return missing().isEmpty();
  }

  public static void assumeInstalled() {
    List<String> missing = missing();
    if (missing.isEmpty()) {
      return;
    }
    String why =
        "no "
            + String.join(" nor ", missing)
            + ": install them with `apt-get install chromium chromium-driver`, or point"
            + " CHROME_BIN and CHROMEDRIVER at a Chromium and its chromedriver";
    if ("required".equals(System.getenv("PAYONCE_BROWSER_TESTS"))) {
      fail(why + " (PAYONCE_BROWSER_TESTS=required: the browser tests may not be skipped)");
    }
    Assumptions.abort(why);
  }

  public static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=" + WIDTH + "," + HEIGHT);
    // the page's language then comes from ?lang= alone, whatever the machine's locale
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER))
            .usingAnyFreePort()
            .build();
    ChromeDriver browser = new ChromeDriver(service, options);
    // the viewport itself: headless windows have a minimum width and a frame of their own
    browser.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", WIDTH, "height", HEIGHT, "deviceScaleFactor", 1, "mobile", false));
    return browser;
  }

  /** The console's messages since the last call: a CSP violation shows up there. */
  public static List<String> consoleMessages(ChromeDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Saved as target/screenshots/{name}.png; the good ones are copied to docs/images. */
  public static void screenshot(ChromeDriver browser, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The screenshot and the DOM as it is now, with the console's messages, to see why. */
  public static void keepPage(ChromeDriver browser, String name) {
    String safe = name.replaceAll("[^A-Za-z0-9_-]", "_");
    screenshot(browser, safe);
    try {
      Files.writeString(
          SCREENSHOTS.resolve(safe + ".html"),
          browser.getPageSource()
              + "\n<!-- console:\n"
              + String.join("\n", consoleMessages(browser))
              + "\n-->\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> missing() {
    return Stream.of(BROWSER, DRIVER).filter(path -> !Files.isExecutable(Path.of(path))).toList();
  }

  private static String env(String name, String otherwise) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? otherwise : value;
  }
}
