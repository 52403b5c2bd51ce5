package com.payonce.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A merchant's webhook endpoint on a random loopback port. Each test uses its own inbox (a path),
 * which can be told to answer 500 a number of times before answering 200.
 */
final class WebhookReceiver implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * One delivery as it arrived: raw body bytes (what the signature covers), headers, and when it
   * arrived ({@link System#nanoTime()}).
   */
  record Delivery(
      String inbox,
      String timestamp,
      String signature,
      String contentType,
      byte[] body,
      long receivedNanos) {

    JsonNode json() {
      return JSON.readTree(body);
    }

    String text(String field) {
      return json().path(field).asString(null);
    }

    @Override
    public String toString() {
      return inbox + ": " + new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url(String inbox) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + inbox;
  }

  void failNext(String inbox, int times) {
    failuresLeft.put(inbox, times);
  }

  /** Waits (on a monitor, no sleeping) until the inbox holds {@code count} deliveries. */
  List<Delivery> awaitDeliveries(String inbox, int count) {
    return await(inbox, list -> list.size() >= count);
  }

  List<Delivery> await(String inbox, Predicate<List<Delivery>> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    synchronized (deliveries) {
      while (true) {
        List<Delivery> inInbox = deliveries(inbox);
        if (done.test(inInbox)) {
          return inInbox;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out waiting on inbox " + inbox + "; has " + inInbox);
        }
        try {
          deliveries.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  List<Delivery> deliveries(String inbox) {
    synchronized (deliveries) {
      return deliveries.stream().filter(d -> d.inbox().equals(inbox)).toList();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String inbox = exchange.getRequestURI().getPath().substring(1);
    byte[] body = exchange.getRequestBody().readAllBytes();
    Delivery delivery =
        new Delivery(
            inbox,
            exchange.getRequestHeaders().getFirst("X-Sandbox-Timestamp"),
            exchange.getRequestHeaders().getFirst("X-Sandbox-Signature"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body,
            System.nanoTime());
    int failures = failuresLeft.getOrDefault(inbox, 0);
    if (failures > 0) {
      failuresLeft.put(inbox, failures - 1);
    }
    int status = failures > 0 ? 500 : 200;
    synchronized (deliveries) {
      deliveries.add(delivery);
      deliveries.notifyAll();
    }
    byte[] answer = (status == 200 ? "ok" : "try later").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
