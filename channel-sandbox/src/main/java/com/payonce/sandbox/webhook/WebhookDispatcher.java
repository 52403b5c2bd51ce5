package com.payonce.sandbox.webhook;

import com.payonce.sandbox.channel.PspOrderSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications in the background and retries them like a real PSP: on an answer its format
 * does not take as received, or an IO error, again after the initial backoff, doubling each time,
 * up to the attempt limit.
 *
 * <p>One daemon thread sends everything, in the order it was scheduled; a receiver that hangs holds
 * it up for at most the 5 s read timeout.
 *
 * <p>An event may be sent as several copies (the webhookDuplicates fault), each with its own delay
 * before its first attempt and its own retries; all copies and all their retries carry the same
 * bytes, so the same notification id.
 */
public final class WebhookDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final HttpClient http;
  private final ScheduledExecutorService scheduler;

  public WebhookDispatcher(int maxAttempts, Duration initialBackoff) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sandbox-webhooks");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Queues one copy of the event per element of {@code copyDelays}, each first attempted after its
   * delay; returns at once. The event is encoded once, so every copy has the same bytes.
   */
  public void deliver(
      URI target,
      NotificationFormat format,
      PspWebhookEvent event,
      PspOrderSnapshot order,
      List<Duration> copyDelays) {
    Notification notification = format.encode(event, order);
    int copies = copyDelays.size();
    for (int copy = 0; copy < copies; copy++) {
      schedule(
          new Delivery(target, format, notification, event, copy + 1, copies),
          1,
          copyDelays.get(copy));
    }
  }

  private void attempt(Delivery delivery, int attempt) {
    String failure;
    try {
      HttpResponse<String> answer = send(delivery);
      if (delivery.format().acknowledged(answer.statusCode(), answer.body())) {
        log.debug("Delivered {} (attempt {})", delivery, attempt);
        return;
      }
      failure = "HTTP " + answer.statusCode();
    } catch (IOException | RuntimeException e) {
      failure = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down: the event is dropped, as on a crash
      return;
    }
    if (attempt >= maxAttempts) {
      log.warn("Gave up on {} after {} attempts; last: {}", delivery, attempt, failure);
      return;
    }
    Duration backoff = backoffAfter(attempt);
    log.warn(
        "Delivery of {} failed (attempt {} of {}): {}; retrying in {} ms",
        delivery,
        attempt,
        maxAttempts,
        failure,
        backoff.toMillis());
    schedule(delivery, attempt + 1, backoff);
  }

  private HttpResponse<String> send(Delivery delivery) throws IOException, InterruptedException {
    Notification notification = delivery.notification();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(delivery.target())
            .timeout(READ_TIMEOUT)
            .header("Content-Type", notification.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(notification.body()));
    delivery.format().headersOf(notification).forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** initialBackoff, then twice that, and so on; the shift is capped so it cannot overflow. */
  private Duration backoffAfter(int failedAttempt) {
    return initialBackoff.multipliedBy(1L << Math.min(failedAttempt - 1, 20));
  }

  private void schedule(Delivery delivery, int attempt, Duration delay) {
    try {
      scheduler.schedule(() -> attempt(delivery, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Not delivering {}: the sandbox is shutting down", delivery);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** What to send where. The body is deliberately left out of toString (logs). */
  private record Delivery(
      URI target,
      NotificationFormat format,
      Notification notification,
      PspWebhookEvent event,
      int copy,
      int copies) {

    @Override
    public String toString() {
      return (copies > 1 ? "copy " + copy + " of " + copies + " of " : "")
          + event.type()
          + " "
          + event.eventId()
          + " for "
          + event.channel()
          + "/"
          + event.merchantOrderNo()
          + " to "
          + target;
    }
  }
}
