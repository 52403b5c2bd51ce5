package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.payonce.api.config.UnsafeSettingsException;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.MerchantSettings;
import com.payonce.sandbox.keys.SandboxKeys;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Production fails closed: the app started as {@code java -jar} starts it, with the settings of the
 * environment passed as arguments (so whatever the test JVM's own environment says, e.g. CI's
 * TEMPORAL_ADDRESS, is overridden). A refused start fails before any bean exists.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionStartupTest {
  private static final String KEY = "key-" + UUID.randomUUID();
  private static final ChannelKeys ALIPAY = SandboxKeys.generate("alipay");
  private static final ChannelKeys WECHAT = SandboxKeys.generate("wechat");
  private static final String DB_PASSWORD = "pw-" + UUID.randomUUID();
  private static final String CLIENT_SECRET_KEY = "csk-" + UUID.randomUUID();
  private static final String OPS_PASSWORD = "ops-" + UUID.randomUUID();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void aRealTemporalRefusesTheBuiltInApiKey(CapturedOutput output) {
    UnsafeSettingsException refused =
        refused(
            withCredentials(
                "--TEMPORAL_ADDRESS=temporal.example:7233",
                "--ALIPAY_BASE_URL=https://alipay.example/gateway.do",
                "--WECHAT_BASE_URL=https://wechat.example"));

    assertThat(refused.problems()).singleElement().asString().contains("PAYONCE_API_KEY");
    assertThat(refused.getMessage()).contains("temporal.example:7233");
    assertThat(output).contains("APPLICATION FAILED TO START").contains("PAYONCE_API_KEY");
    assertNoSecretIn(refused.getMessage() + output);
  }

  /**
   * Anyone could make any order's client secret from the built-in key; an endpoint without a secret
   * would get unsigned events. Named, never shown.
   */
  @Test
  void aRealTemporalRefusesTheBuiltInClientSecretKeyAndAnEndpointWithoutSecret(
      CapturedOutput output) {
    List<String> args =
        new ArrayList<>(
            List.of(
                withCredentials(
                    "--TEMPORAL_ADDRESS=temporal.example:7233",
                    "--PAYONCE_API_KEY=" + KEY,
                    "--ALIPAY_BASE_URL=https://alipay.example/gateway.do",
                    "--WECHAT_BASE_URL=https://wechat.example",
                    "--PAYONCE_MERCHANT_EVENTS_ENDPOINT_URL=https://shop.example/events")));
    args.removeIf(a -> a.startsWith("--PAYONCE_CLIENT_SECRET_KEY="));
    UnsafeSettingsException refused = refused(args.toArray(String[]::new));

    assertThat(refused.problems())
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_CLIENT_SECRET_KEY"))
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_MERCHANT_EVENTS_ENDPOINT_SECRET"));
    assertNoSecretIn(refused.getMessage() + output);
  }

  /**
   * The ops console shows every order and acts on the operator queue: off a local run, its built-in
   * password, that password's bcrypt hash (anyone can make one) or none refuses to start.
   */
  @Test
  void aRealTemporalRefusesTheOpsConsolesBuiltInPasswordOrNone(CapturedOutput output) {
    String builtInHash = "{bcrypt}" + new BCryptPasswordEncoder().encode("dev-ops-password");
    for (String password : List.of("", "dev-ops-password", "change-me-ops-password", builtInHash)) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  withCredentials(
                      "--TEMPORAL_ADDRESS=temporal.example:7233",
                      "--PAYONCE_API_KEY=" + KEY,
                      "--ALIPAY_BASE_URL=https://alipay.example/gateway.do",
                      "--WECHAT_BASE_URL=https://wechat.example")));
      args.removeIf(a -> a.startsWith("--PAYONCE_OPS_PASSWORD="));
      if (!password.equals("dev-ops-password")) {
        args.add("--PAYONCE_OPS_PASSWORD=" + password);
      }
      UnsafeSettingsException refused = refused(args.toArray(String[]::new));

      assertThat(refused.problems())
          .as("password %s", password)
          .singleElement()
          .asString()
          .startsWith("PAYONCE_OPS_PASSWORD")
          .contains("PAYONCE_OPS_ENABLED=false")
          .doesNotContain("dev-ops-password");
    }
    assertThat(output).contains("APPLICATION FAILED TO START").doesNotContain("dev-ops-password");
    assertNoSecretIn(output.toString());
  }

  /** A half-configured channel would fail only at its first payment: it refuses to start. */
  @Test
  void aChannelOfItsOwnNamesEverySettingItMisses(CapturedOutput output) {
    UnsafeSettingsException refused =
        refused(
            "--TEMPORAL_ADDRESS=embedded",
            "--spring.datasource.url=jdbc:postgresql://db.example/payonce?password=" + DB_PASSWORD,
            "--PAYONCE_API_KEY=" + KEY,
            "--PAYONCE_CLIENT_SECRET_KEY=" + CLIENT_SECRET_KEY,
            "--PAYONCE_OPS_PASSWORD=" + OPS_PASSWORD,
            "--ALIPAY_BASE_URL=https://openapi.alipay.com/gateway.do",
            "--payonce.channels.alipay.app-id=" + ALIPAY.merchantId(),
            "--payonce.channels.alipay.private-key="
                + SandboxKeys.pem(ALIPAY.merchant().getPrivate()),
            "--WECHAT_BASE_URL=https://api.mch.weixin.qq.com",
            "--payonce.channels.wechat.api-v3-key=" + WECHAT.apiV3Key());

    assertThat(refused.problems())
        .hasSize(8)
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_PUBLIC_URL"))
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_CHANNELS_ALIPAY_PSP_PUBLIC_KEY"))
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_CHANNELS_WECHAT_APP_ID"))
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_CHANNELS_WECHAT_MERCHANT_ID"))
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_CHANNELS_WECHAT_PRIVATE_KEY"))
        .anySatisfy(p -> assertThat(p).startsWith("PAYONCE_CHANNELS_WECHAT_PSP_PUBLIC_KEY_ID"));
    assertThat(refused.getMessage()).contains("SPRING_DATASOURCE_URL");
    assertNoSecretIn(refused.getMessage() + output);
  }

  @Test
  void aRealTemporalServesNoSandboxUnlessOptedIn(CapturedOutput output) {
    UnsafeSettingsException refused =
        refused(withCredentials("--TEMPORAL_ADDRESS=127.0.0.1:7233", "--PAYONCE_API_KEY=" + KEY));

    // no base URL means "the embedded sandbox", which is off: both channels would go nowhere
    assertThat(refused.problems())
        .hasSize(2)
        .allSatisfy(
            p -> assertThat(p).contains("the sandbox is off", "PAYONCE_SANDBOX_ENABLED=true"))
        .anySatisfy(p -> assertThat(p).startsWith("ALIPAY_BASE_URL"))
        .anySatisfy(p -> assertThat(p).startsWith("WECHAT_BASE_URL"));
    assertNoSecretIn(refused.getMessage() + output);
  }

  @Test
  void theEmbeddedDefaultsStillStartWithTheSandboxAndTheDevelopmentKey() throws Exception {
    // quiet: .ci/run greps for the embedded server's INFO line to prove its real-server run used
    // no embedded server, and runs this class there too
    try (ConfigurableApplicationContext app =
        start("--TEMPORAL_ADDRESS=embedded", "--logging.level.com.payonce.api.embedded=WARN")) {
      String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");

      assertThat(get(url + "/sandbox/alipay/v1/ledger", null).statusCode()).isEqualTo(200);
      HttpResponse<String> order = get(url + "/api/v1/orders/no-such-order", "dev-api-key");
      assertThat(order.statusCode()).as(order.body()).isEqualTo(404);
      assertThat(order.body()).contains("order-not-found");
    }
  }

  /**
   * The dev server the app starts itself counts as local; nothing here needs the Temporal CLI: the
   * check runs before the dev server would start, and the missing CLI then fails the start.
   */
  @Test
  void theDevServerTargetCountsAsLocal(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                start(
                    "--TEMPORAL_ADDRESS=dev-server",
                    "--payonce.embedded.dev-server-script=target/no-such-script.sh"))
        .isNotInstanceOf(UnsafeSettingsException.class)
        .hasStackTraceContaining("payonce.embedded.dev-server-script");
    assertThat(output).doesNotContain("refuses to start");
  }

  /** A real server (here the SDK's test server on a port, reached as any host:port would be). */
  @Test
  void aRealTemporalStartsWithExplicitSettingsAndTheSandboxOff() throws Exception {
    int port = freePort();
    try (TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port, true);
        ConfigurableApplicationContext app =
            start(
                withCredentials(
                    "--TEMPORAL_ADDRESS=127.0.0.1:" + port,
                    "--PAYONCE_API_KEY=" + KEY,
                    "--ALIPAY_BASE_URL=http://127.0.0.1:9/gateway.do",
                    "--WECHAT_BASE_URL=http://127.0.0.1:9"))) {
      String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");

      assertThat(get(url + "/sandbox/alipay/v1/ledger", null).statusCode()).isEqualTo(404);
      assertThat(get(url + "/api/v1/orders/no-such-order", KEY).statusCode()).isEqualTo(404);
      assertThat(get(url + "/api/v1/orders/no-such-order", "dev-api-key").statusCode())
          .isEqualTo(401);
      // the console is on, behind its login
      assertThat(get(url + "/ops/login", null).statusCode()).isEqualTo(200);
    }
  }

  /** The console turned off needs no password: it is not there at all. */
  @Test
  void aRealTemporalStartsWithTheOpsConsoleOffAndNoPassword() throws Exception {
    int port = freePort();
    List<String> args =
        new ArrayList<>(
            List.of(
                withCredentials(
                    "--TEMPORAL_ADDRESS=127.0.0.1:" + port,
                    "--PAYONCE_API_KEY=" + KEY,
                    "--ALIPAY_BASE_URL=http://127.0.0.1:9/gateway.do",
                    "--WECHAT_BASE_URL=http://127.0.0.1:9",
                    "--PAYONCE_OPS_ENABLED=false")));
    args.removeIf(a -> a.startsWith("--PAYONCE_OPS_PASSWORD="));
    try (TestServer.PortBoundTestServer temporal = TestServer.createPortBoundServer(port, true);
        ConfigurableApplicationContext app = start(args.toArray(String[]::new))) {
      String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");

      for (String path : List.of("/ops/login", "/ops/orders", "/ops")) {
        HttpResponse<String> off = get(url + path, null);
        assertThat(off.statusCode()).as(path).isEqualTo(404);
        assertThat(off.headers().firstValue("Set-Cookie")).as(path).isEmpty();
      }
      assertThat(get(url + "/api/v1/orders/no-such-order", KEY).statusCode()).isEqualTo(404);
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static UnsafeSettingsException refused(String... args) {
    Throwable thrown = catchThrowable(() -> start(args).close());
    assertThat(thrown).isInstanceOf(UnsafeSettingsException.class);
    return (UnsafeSettingsException) thrown;
  }

  private static ConfigurableApplicationContext start(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--server.port=0");
    all.add("--management.server.port=0");
    all.add("--payonce.embedded.data-dir=target/startup-test-data");
    all.add("--payonce.embedded.clean-database=true");
    return new SpringApplicationBuilder(PayonceApplication.class).run(all.toArray(String[]::new));
  }

  /** Every credential both channels need, and where they send notifications. */
  private static String[] withCredentials(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--PAYONCE_PUBLIC_URL=https://payonce.example");
    all.add("--PAYONCE_CLIENT_SECRET_KEY=" + CLIENT_SECRET_KEY);
    all.add("--PAYONCE_OPS_PASSWORD=" + OPS_PASSWORD);
    MerchantSettings.of(ALIPAY)
        .forEach((setting, value) -> all.add("--payonce.channels.alipay." + setting + "=" + value));
    MerchantSettings.of(WECHAT)
        .forEach((setting, value) -> all.add("--payonce.channels.wechat." + setting + "=" + value));
    return all.toArray(String[]::new);
  }

  private static void assertNoSecretIn(String text) {
    assertThat(text)
        .doesNotContain(
            KEY,
            DB_PASSWORD,
            CLIENT_SECRET_KEY,
            OPS_PASSWORD,
            WECHAT.apiV3Key(),
            SandboxKeys.pem(ALIPAY.merchant().getPrivate())
                .lines()
                .skip(1)
                .findFirst()
                .orElseThrow(),
            SandboxKeys.pem(WECHAT.merchant().getPrivate())
                .lines()
                .skip(1)
                .findFirst()
                .orElseThrow());
  }

  private static HttpResponse<String> get(String url, String apiKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
