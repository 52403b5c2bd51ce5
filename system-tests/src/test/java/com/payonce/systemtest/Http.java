package com.payonce.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON-over-HTTP client (loopback only). */
final class Http {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private Http() {}

  record Response(int status, String body, String contentType) {
    Response(int status, String body) {
      this(status, body, "");
    }

    JsonNode json() {
      try {
        return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("not JSON (HTTP " + status + "): " + body, e);
      }
    }

    Response expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected HTTP " + expected + " but got " + status + ": " + body);
      }
      return this;
    }
  }

  static Response get(String url, Map<String, String> headers) {
    return send("GET", url, null, headers, DEFAULT_TIMEOUT);
  }

  static Response post(String url, String json, Map<String, String> headers) {
    return send("POST", url, json, headers, DEFAULT_TIMEOUT);
  }

  static Response put(String url, String json) {
    return send("PUT", url, json, Map.of(), DEFAULT_TIMEOUT);
  }

  static Response delete(String url) {
    return send("DELETE", url, null, Map.of(), DEFAULT_TIMEOUT);
  }

  static Response send(
      String method, String url, String json, Map<String, String> headers, Duration timeout) {
    return sendBody(
        method,
        url,
        json == null ? null : HttpRequest.BodyPublishers.ofString(json),
        headers,
        timeout,
        true);
  }

  /** Sends any body as it is (its Content-Type is one of {@code headers}, or none). */
  static Response sendRaw(
      String method, String url, byte[] body, Map<String, String> headers, Duration timeout) {
    return sendBody(
        method,
        url,
        body == null ? null : HttpRequest.BodyPublishers.ofByteArray(body),
        headers,
        timeout,
        false);
  }

  private static Response sendBody(
      String method,
      String url,
      HttpRequest.BodyPublisher body,
      Map<String, String> headers,
      Duration timeout,
      boolean jsonContentType) {
    URI uri = URI.create(url);
    if (!"127.0.0.1".equals(uri.getHost())) {
      throw new IllegalArgumentException("the system tests talk to 127.0.0.1 only, not " + url);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout);
    headers.forEach(request::header);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      if (jsonContentType) {
        request.header("Content-Type", "application/json");
      }
      request.method(method, body);
    }
    try {
      HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + method + " " + url, e);
    }
  }
}
