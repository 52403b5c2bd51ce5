package com.payonce.systemtest;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Polling with a deadline: every wait in these tests is for an observable outcome, never a fixed
 * time. A poll that throws counts as "not yet" (a process restarting refuses connections); on
 * timeout the last value or exception is in the failure.
 */
final class Await {
  private static final Duration INTERVAL = Duration.ofMillis(250);

  private Await() {}

  /** Polls {@code probe} until {@code done} accepts its value; returns that value. */
  static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<T> done) {
    long started = System.nanoTime();
    long deadline = started + timeout.toNanos();
    T last = null;
    Exception lastError = null;
    while (true) {
      try {
        last = probe.call();
        lastError = null;
        if (done.test(last)) {
          System.out.printf(
              "[system-test] %s: after %d ms%n",
              what, Duration.ofNanos(System.nanoTime() - started).toMillis());
          return last;
        }
      } catch (Exception e) {
        lastError = e;
      } catch (AssertionError e) {
        lastError = new IllegalStateException(e.getMessage(), e);
      }
      if (System.nanoTime() > deadline) {
        AssertionError failure =
            new AssertionError(
                "timed out after "
                    + timeout
                    + " waiting for: "
                    + what
                    + (lastError == null ? "; last seen: " + last : "; last error: " + lastError));
        if (lastError != null) {
          failure.initCause(lastError);
        }
        throw failure;
      }
      pause(INTERVAL);
    }
  }

  /** Polls until {@code assertion} passes (AssertJ style); returns when it does. */
  static void untilAsserted(String what, Duration timeout, ThrowingRunnable assertion) {
    until(
        what,
        timeout,
        () -> {
          assertion.run();
          return Boolean.TRUE;
        },
        ok -> ok);
  }

  /** The poll interval, not a wait for anything. */
  static void pause(Duration interval) {
    LockSupport.parkNanos(interval.toNanos());
    if (Thread.interrupted()) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
