package com.payonce.api.events;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A shop's webhook endpoint: a real HTTP server that keeps what it was sent. */
final class ShopEndpoint implements AutoCloseable {

  /** One POST as the shop received it: the raw body and the headers it must check. */
  record Received(String body, String signature, String eventId, String eventType) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger answer = new AtomicInteger(200);

  ShopEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/payonce-events",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int status = answer.get();
          if (status / 100 == 2) {
            var headers = exchange.getRequestHeaders();
            received.add(
                new Received(
                    body,
                    headers.getFirst("Payonce-Signature"),
                    headers.getFirst("Payonce-Event-Id"),
                    headers.getFirst("Payonce-Event-Type")));
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/payonce-events";
  }

  /** What the endpoint answers from now on (a 5xx: the shop is down). */
  void answer(int status) {
    answer.set(status);
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  List<Received> of(String orderId) {
    return received.stream()
        .filter(r -> r.body().contains("\"orderId\":\"" + orderId + "\""))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
