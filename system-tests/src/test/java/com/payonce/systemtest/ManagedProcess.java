package com.payonce.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One OS process of the topology (the Temporal server, the simulator, an app). Each start writes a
 * new log file, {@code <name>.<n>.log}, so a restarted process's log starts clean and the earlier
 * ones stay for the post-mortem. Stopping is SIGTERM (then SIGKILL after a grace), killing is
 * SIGKILL: {@link Process#destroy()} and {@link Process#destroyForcibly()} on Linux.
 */
final class ManagedProcess {
  /** Starts the first line of each log: when and how the process was started. */
  static final String HEADER = "# ";


  private final String name;
  private final List<String> command;
  private final Map<String, String> environment;
  private final Path logDir;
  private final Path workDir;
  private final List<Path> logs = new ArrayList<>();
  private Process process;

  ManagedProcess(
      String name, List<String> command, Map<String, String> environment, Path logDir, Path workDir) {
    this.name = name;
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.logDir = logDir;
    this.workDir = workDir;
  }

  String name() {
    return name;
  }

  synchronized void start() {
    if (isAlive()) {
      throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
    }
    Path log = logDir.resolve(name + "." + (logs.size() + 1) + ".log");
    try {
      Files.createDirectories(logDir);
      Files.writeString(
          log,
          HEADER + Instant.now() + " " + String.join(" ", command) + System.lineSeparator(),
          StandardCharsets.UTF_8);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.environment().clear();
      builder.environment().putAll(environment);
      logs.add(log);
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + name + ": " + command, e);
    }
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * Waits until {@code healthy} answers true. Fails at once, with the log's tail, if the process
   * exits meanwhile, and after {@code timeout} if it never becomes healthy.
   */
  void awaitHealthy(Duration timeout, BooleanSupplier healthy) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long started = System.nanoTime();
    while (true) {
      Process current;
      synchronized (this) {
        current = process;
      }
      if (current == null || !current.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited"
                + (current == null ? "" : " with code " + current.exitValue())
                + " before it was healthy; its log "
                + currentLog()
                + " ends with:\n"
                + tail(40));
      }
      if (healthy.getAsBoolean()) {
        System.out.printf(
            "[system-test] %s healthy after %d ms (pid %d)%n",
            name, Duration.ofNanos(System.nanoTime() - started).toMillis(), current.pid());
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            name + " not healthy within " + timeout + "; its log ends with:\n" + tail(40));
      }
      Await.pause(Duration.ofMillis(200));
    }
  }

  /** SIGTERM, and SIGKILL if it has not exited within {@code grace}. Returns the exit code. */
  int stop(Duration grace) {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current == null) {
      return 0;
    }
    current.destroy();
    try {
      if (!current.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        System.out.printf("[system-test] %s ignored SIGTERM for %s: SIGKILL%n", name, grace);
        current.destroyForcibly();
        current.waitFor(30, TimeUnit.SECONDS);
      }
      return current.exitValue();
    } catch (InterruptedException e) {
      current.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + name, e);
    }
  }

  /** kill -9: no shutdown hook, no graceful anything. Returns once the process is gone. */
  void kill() {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current == null) {
      return;
    }
    current.destroyForcibly();
    try {
      if (!current.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + current.pid() + ") survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, e);
    }
  }

  /** For the JVM shutdown hook: whatever happens, nothing this harness started outlives it. */
  void killQuietly() {
    Process current;
    synchronized (this) {
      current = process;
    }
    if (current != null && current.isAlive()) {
      current.destroyForcibly();
    }
  }

  synchronized Path currentLog() {
    return logs.isEmpty() ? null : logs.get(logs.size() - 1);
  }

  synchronized List<Path> logs() {
    return List.copyOf(logs);
  }

  /** Every log of every start of this process, in order, as one text. */
  String allLogs() {
    StringBuilder text = new StringBuilder();
    for (Path log : logs()) {
      text.append(read(log));
    }
    return text.toString();
  }

  String tail(int lines) {
    Path log = currentLog();
    if (log == null) {
      return "(never started)";
    }
    List<String> all = read(log).lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (java.nio.charset.MalformedInputException e) {
      try {
        return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1);
      } catch (IOException again) {
        throw new UncheckedIOException(again);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return name + (isAlive() ? " (pid " + pid() + ")" : " (not running)");
  }
}
