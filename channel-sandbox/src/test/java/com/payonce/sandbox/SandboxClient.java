package com.payonce.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for one sandbox channel, the way an adapter in payonce would call it. */
final class SandboxClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;

  SandboxClient(int port, String channel) {
    this.base = "http://127.0.0.1:" + port + "/sandbox/" + channel + "/v1";
  }

  record Response(int status, JsonNode body) {

    String text(String field) {
      return body.path(field).asString(null);
    }
  }

  /** A JSON object from alternating keys and values; null values are left out. */
  static String json(Object... keysAndValues) {
    Map<Object, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        fields.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return JSON.writeValueAsString(fields);
  }

  Response create(String merchantOrderNo, String amount, String currency) {
    return create(merchantOrderNo, amount, currency, null);
  }

  Response create(String merchantOrderNo, String amount, String currency, String notifyUrl) {
    return post(
        "/orders",
        json(
            "merchantOrderNo", merchantOrderNo,
            "amount", amount,
            "currency", currency,
            "description", "test order",
            "notifyUrl", notifyUrl));
  }

  Response get(String merchantOrderNo) {
    return send("GET", "/orders/" + merchantOrderNo, null);
  }

  Response close(String merchantOrderNo) {
    return post("/orders/" + merchantOrderNo + "/close", null);
  }

  Response pay(String merchantOrderNo) {
    return post("/orders/" + merchantOrderNo + "/pay", null);
  }

  Response refund(String merchantOrderNo, String refundNo, String amount) {
    return post(
        "/orders/" + merchantOrderNo + "/refunds",
        json("refundNo", refundNo, "amount", amount, "reason", "test"));
  }

  Response ledger() {
    return send("GET", "/ledger", null);
  }

  Response post(String path, String body) {
    return send("POST", path, body);
  }

  Response send(String method, String path, String body) {
    return send(method, path, body, "application/json");
  }

  Response send(String method, String path, String body, String contentType) {
    return send(method, path, body, contentType, Duration.ofSeconds(10));
  }

  /**
   * A call that gives up after {@code timeout}, as a merchant with a short read timeout does: then
   * throws an {@link UncheckedIOException} caused by {@link java.net.http.HttpTimeoutException}.
   */
  Response sendWithin(Duration timeout, String method, String path, String body) {
    return send(method, path, body, "application/json", timeout);
  }

  Response scan(String merchantOrderNo) {
    return post("/orders/" + merchantOrderNo + "/scan", null);
  }

  Response getRefund(String merchantOrderNo, String refundNo) {
    return send("GET", "/orders/" + merchantOrderNo + "/refunds/" + refundNo, null);
  }

  Response orderFaults(String merchantOrderNo, String body) {
    return send("PUT", "/orders/" + merchantOrderNo + "/faults", body);
  }

  Response settings() {
    return send("GET", "/settings", null);
  }

  Response changeSettings(String body) {
    return send("PUT", "/settings", body);
  }

  Response resetSettings() {
    return send("DELETE", "/settings", null);
  }

  Response faults() {
    return send("GET", "/faults", null);
  }

  private Response send(
      String method, String path, String body, String contentType, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", contentType)
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Response(response.statusCode(), json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
