package com.payonce.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The customers' pages following their orders: one Server-Sent Events stream per order, opened
 * right after checkout with the order's client secret and read asynchronously (the HttpClient's
 * selector thread and a small shared pool, no thread per stream). payonce caps live streams (2,000
 * per instance, 5 per order), so each is closed as soon as its order.paid has arrived, and every
 * one left at the end of a step.
 */
final class CustomerStreams implements AutoCloseable {
  private final URI base;
  private final ExecutorService pool;
  private final HttpClient http;
  private final Map<String, Long> paidAt = new ConcurrentHashMap<>();
  private final Map<String, Stream> open = new ConcurrentHashMap<>();
  private final Map<String, String> endedEarly = new ConcurrentHashMap<>();

  CustomerStreams(URI base) {
    this.base = base;
    AtomicInteger threads = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "bench-sse-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    // a client of its own: the streams' connections and callbacks stay off the API calls' pool
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(pool)
            .build();
  }

  /** Opens the order's stream; returns at once. */
  void follow(String orderId, String clientSecret) {
    URI uri =
        base.resolve(
            "api/v1/orders/"
                + orderId
                + "/events?clientSecret="
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8));
    // the timeout ends with the response headers, which payonce sends at once (its retry: line)
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    Stream stream = new Stream(orderId);
    open.put(orderId, stream);
    http.sendAsync(
            request,
            info -> {
              if (info.statusCode() != 200) {
                stream.ended("refused: HTTP " + info.statusCode());
                return HttpResponse.BodySubscribers.replacing(null);
              }
              return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
            })
        .whenComplete(
            (response, failure) ->
                stream.ended(failure == null ? "closed by payonce" : "failed: " + failure));
  }

  /**
   * When order.paid arrived on the order's stream, epoch microseconds, once; null if it has not.
   */
  Long takePaidAt(String orderId) {
    return paidAt.remove(orderId);
  }

  /** Whether order.paid may still come: the stream is open and has not brought it yet. */
  boolean waiting(String orderId) {
    return open.containsKey(orderId) && !paidAt.containsKey(orderId);
  }

  /** Why the order's stream brought no order.paid. */
  String whyNot(String orderId) {
    String why = endedEarly.remove(orderId);
    if (why != null) {
      return "stream " + why;
    }
    return open.containsKey(orderId) ? "stream still open after the drain" : "no stream opened";
  }

  /** Closes every stream still open (the step is over). */
  void closeAll() {
    open.values().forEach(Stream::close);
    endedEarly.clear();
  }

  @Override
  public void close() {
    closeAll();
    pool.shutdownNow();
  }

  /** One order's stream, read line by line: {@code retry:}, then {@code id:/event:/data:} lines. */
  private final class Stream implements Flow.Subscriber<String> {
    private final String orderId;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;

    Stream(String orderId) {
      this.orderId = orderId;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (closed) {
        s.cancel();
      } else {
        s.request(Long.MAX_VALUE);
      }
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event:") && line.substring(6).strip().equals("order.paid")) {
        paidAt.putIfAbsent(orderId, LoadRunner.wallMicros());
        close();
      }
    }

    @Override
    public void onError(Throwable t) {
      ended("failed: " + t);
    }

    @Override
    public void onComplete() {
      ended("closed by payonce");
    }

    /** Cancelling the body makes the client drop the connection: payonce's stream ends too. */
    void close() {
      closed = true;
      open.remove(orderId, this);
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }

    void ended(String why) {
      if (!closed && open.remove(orderId, this) && !paidAt.containsKey(orderId)) {
        endedEarly.putIfAbsent(orderId, why);
      }
    }
  }
}
