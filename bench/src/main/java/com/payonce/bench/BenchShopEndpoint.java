package com.payonce.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shop's webhook endpoint during a payonce run: a JDK HTTP server on 127.0.0.1 that checks
 * every delivery's signature as a shop must, notes when each order's {@code order.paid} arrived and
 * answers 204. A delivery whose signature does not check is answered 400 (payonce retries it, as it
 * would for a real shop) and counted: it must never happen.
 */
final class BenchShopEndpoint implements AutoCloseable {
  private static final String PATH = "/payonce-bench/shop";

  /** A shop refuses deliveries signed longer ago than this (payonce's README: five minutes). */
  private static final long TOLERANCE_SECONDS = 300;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Long> paidAt = new ConcurrentHashMap<>();
  private final AtomicLong badSignatures = new AtomicLong();
  private final AtomicLong deliveries = new AtomicLong();
  private volatile String secret;

  BenchShopEndpoint() throws IOException {
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "bench-shop-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(PATH, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
  }

  /** The signing secret payonce answered the registration with. */
  void secret(String secret) {
    this.secret = secret;
  }

  /** When the order's order.paid arrived, epoch microseconds, once; null if it has not. */
  Long takePaidAt(String orderId) {
    return paidAt.remove(orderId);
  }

  boolean hasPaid(String orderId) {
    return paidAt.containsKey(orderId);
  }

  /** Deliveries refused for their signature since the last call. */
  long takeBadSignatures() {
    return badSignatures.getAndSet(0);
  }

  long deliveries() {
    return deliveries.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    long arrived = LoadRunner.wallMicros(); // the headers are in; the body is a few hundred bytes
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      deliveries.incrementAndGet();
      if (!verified(exchange.getRequestHeaders().getFirst("Payonce-Signature"), body)) {
        badSignatures.incrementAndGet();
        exchange.sendResponseHeaders(400, -1);
        return;
      }
      JsonNode event = json.readTree(body);
      if ("order.paid".equals(event.path("type").asText())) {
        paidAt.putIfAbsent(event.path("orderId").asText(), arrived);
      }
      exchange.sendResponseHeaders(204, -1);
    }
  }

  /** {@code t=<unix s>,v1=<hex>[,v1=<hex>]}: one v1 must be HMAC-SHA256(secret, "t." + body). */
  private boolean verified(String header, byte[] body) {
    String key = secret;
    if (header == null || key == null) {
      return false;
    }
    String t = null;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] kv = part.strip().split("=", 2);
      if (kv.length == 2 && kv[0].equals("t")) {
        t = kv[1];
      } else if (kv.length == 2 && kv[0].equals("v1")) {
        signatures.add(kv[1]);
      }
    }
    if (t == null || !t.matches("[0-9]{1,12}")) {
      return false;
    }
    if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(t)) > TOLERANCE_SECONDS) {
      return false;
    }
    byte[] expected = hmac(key, t, body).getBytes(StandardCharsets.US_ASCII);
    return signatures.stream()
        .anyMatch(s -> MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String hmac(String key, String t, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
