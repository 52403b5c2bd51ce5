package com.payonce.systemtest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The shop of the fault-proof harness: a webhook endpoint that checks every delivery's signature as
 * docs/API.md tells a shop to, keeps the order in which each order's events first arrived, and is
 * itself unreliable: it answers 500 to a seeded fifth of the deliveries, so retries are part of
 * every batch. payonce's promise here is at least once, in event order per order, signed.
 */
final class MerchantWebhookReceiver implements AutoCloseable {
  private static final Pattern ORDER_ID = Pattern.compile("\"orderId\":\"([^\"]+)\"");

  private final HttpServer server;
  private final SplittableRandom random;
  private final Map<String, List<Long>> firstArrivals = new ConcurrentHashMap<>();
  private final List<String> forgeries = new ArrayList<>();
  private volatile String secret;

  MerchantWebhookReceiver(long seed) {
    random = new SplittableRandom(seed);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/shop-events",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String signature = exchange.getRequestHeaders().getFirst("Payonce-Signature");
          String eventId = exchange.getRequestHeaders().getFirst("Payonce-Event-Id");
          int status;
          if (!verified(signature, body)) {
            synchronized (forgeries) {
              forgeries.add("event " + eventId + " with signature " + signature);
            }
            status = 400;
          } else if (failsThisOne()) {
            status = 500;
          } else {
            arrived(body, Long.parseLong(eventId));
            status = 204;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/shop-events";
  }

  /** The signing secret payonce answered when the endpoint was registered. */
  void secret(String value) {
    secret = value;
  }

  /** Each event id of the order in the order it first arrived. */
  List<Long> arrivals(String orderId) {
    List<Long> ids = firstArrivals.get(orderId);
    synchronized (this) {
      return ids == null ? List.of() : List.copyOf(ids);
    }
  }

  List<String> forgeries() {
    synchronized (forgeries) {
      return List.copyOf(forgeries);
    }
  }

  private synchronized boolean failsThisOne() {
    return random.nextInt(5) == 0;
  }

  private synchronized void arrived(String body, long eventId) {
    Matcher order = ORDER_ID.matcher(body);
    if (order.find()) {
      List<Long> ids = firstArrivals.computeIfAbsent(order.group(1), k -> new ArrayList<>());
      if (!ids.contains(eventId)) {
        ids.add(eventId);
      }
    }
  }

  /** t= within five minutes, and a v1= that is HMAC-SHA256(secret, t + "." + body). */
  private boolean verified(String header, String body) {
    if (header == null || secret == null) {
      return false;
    }
    long t = -1;
    List<String> signatures = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] pair = part.split("=", 2);
      if (pair.length == 2 && pair[0].equals("t") && pair[1].matches("[0-9]{1,12}")) {
        t = Long.parseLong(pair[1]);
      } else if (pair.length == 2 && pair[0].equals("v1")) {
        signatures.add(pair[1]);
      }
    }
    if (t < 0 || Math.abs(Instant.now().getEpochSecond() - t) > 300) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected =
          HexFormat.of()
              .formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)))
              .getBytes(StandardCharsets.UTF_8);
      return signatures.stream()
          .anyMatch(s -> MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
