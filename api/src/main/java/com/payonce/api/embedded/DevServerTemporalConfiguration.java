package com.payonce.api.embedded;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code TEMPORAL_ADDRESS=dev-server}: a real Temporal server on this machine, the Temporal CLI's dev
 * server (SQLite file under {@code <data-dir>/temporal}, so a restart resumes running orders; Web UI
 * on {@code http://127.0.0.1:8233}), started through {@code scripts/temporal-dev.sh start} and
 * reached at {@code 127.0.0.1:$TEMPORAL_PORT} (7233). A dev server that already answers there is
 * used as it is and left running; one this app started is stopped when the app stops.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.temporal.connection.target", havingValue = "dev-server")
class DevServerTemporalConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DevServerTemporalConfiguration.class);

  static final String SCRIPT = "scripts/temporal-dev.sh";
  /** The script's exit code when no {@code temporal} CLI is installed. */
  private static final int NO_CLI = 127;
  /** The script's {@code status} exit code when nothing serves at the address. */
  private static final int NOT_SERVING = 3;

  record DevServerTemporal(Path script, Map<String, String> env, String target, boolean startedHere)
      implements AutoCloseable {
    @Override
    public void close() {
      if (!startedHere) {
        log.info("leaving the Temporal dev server at {} running (this app did not start it)", target);
        return;
      }
      log.info("stopping the Temporal dev server at {} that this app started", target);
      Result stopped = run(script, env, "stop", 60);
      if (stopped.exitCode() != 0) {
        log.warn("{} stop exited {}: {}", SCRIPT, stopped.exitCode(), stopped.output());
      }
    }
  }

  @Bean(destroyMethod = "close")
  DevServerTemporal devServerTemporal(EmbeddedProperties properties, Environment environment) {
    Path script = findScript(environment.getProperty("payonce.embedded.dev-server-script"));
    String ip = "127.0.0.1";
    String port = environment.getProperty("TEMPORAL_PORT", "7233");
    Map<String, String> env =
        Map.of(
            "TEMPORAL_IP", ip,
            "TEMPORAL_PORT", port,
            "TEMPORAL_UI_PORT", environment.getProperty("TEMPORAL_UI_PORT", "8233"),
            "TEMPORAL_DATA_DIR",
                Path.of(properties.dataDir()).toAbsolutePath().normalize().resolve("temporal").toString());
    String target = ip + ":" + port;

    Result status = run(script, env, "status", 30);
    if (status.exitCode() == NO_CLI) {
      throw noCli(status);
    }
    boolean startedHere = status.exitCode() != 0;
    if (status.exitCode() != 0 && status.exitCode() != NOT_SERVING) {
      throw new IllegalStateException(
          SCRIPT + " status exited " + status.exitCode() + ": " + status.output());
    }
    Result start = run(script, env, "start", 120);
    if (start.exitCode() == NO_CLI) {
      throw noCli(start);
    }
    if (start.exitCode() != 0) {
      throw new IllegalStateException(
          "TEMPORAL_ADDRESS=dev-server: the Temporal dev server did not start ("
              + SCRIPT
              + " start exited "
              + start.exitCode()
              + "):\n"
              + start.output());
    }
    log.info(
        "Temporal dev server at {} ({}), Web UI http://{}:{}",
        target,
        startedHere ? "started by this app" : "already running, not started by this app",
        ip,
        env.get("TEMPORAL_UI_PORT"));
    return new DevServerTemporal(script, env, target, startedHere);
  }

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> devServerTemporalTarget(
      DevServerTemporal temporal) {
    return builder -> builder.setTarget(temporal.target());
  }

  private static IllegalStateException noCli(Result result) {
    return new IllegalStateException(
        "TEMPORAL_ADDRESS=dev-server needs the Temporal CLI, which is not installed: run "
            + SCRIPT
            + " install (it puts `temporal` in .tools/bin), or put `temporal` on the PATH. ("
            + result.output().strip()
            + ")");
  }

  /** The configured script, else {@value #SCRIPT} in the working folder or one of its parents. */
  private static Path findScript(String configured) {
    if (configured != null && !configured.isBlank()) {
      Path script = Path.of(configured).toAbsolutePath();
      if (!Files.isRegularFile(script)) {
        throw new IllegalStateException("payonce.embedded.dev-server-script " + script + " does not exist");
      }
      return script;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path script = dir.resolve(SCRIPT);
      if (Files.isRegularFile(script)) {
        return script;
      }
    }
    throw new IllegalStateException(
        "TEMPORAL_ADDRESS=dev-server starts the Temporal dev server with "
            + SCRIPT
            + ", which is not in "
            + Path.of("").toAbsolutePath()
            + " nor its parents: run payonce from its project folder (or set"
            + " payonce.embedded.dev-server-script), or start a server yourself and set"
            + " TEMPORAL_ADDRESS=host:port");
  }

  record Result(int exitCode, String output) {}

  /** Runs the script with {@code bash} (no execute bit needed), output and errors together. */
  private static Result run(Path script, Map<String, String> env, String command, long timeoutSeconds) {
    ProcessBuilder builder =
        new ProcessBuilder("bash", script.toString(), command)
            .directory(script.getParent().getParent().toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            SCRIPT + " " + command + " did not finish within " + timeoutSeconds + "s");
      }
      String text = output.join();
      text.lines().forEach(line -> log.info("{}", line));
      return new Result(process.exitValue(), text);
    } catch (IOException e) {
      throw new IllegalStateException("cannot run bash " + script + " " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + SCRIPT + " " + command, e);
    }
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
