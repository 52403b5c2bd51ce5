package com.payonce.api.events;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A Server-Sent Events client over real HTTP, as a browser's EventSource reads the stream. */
final class SseClient implements AutoCloseable {

  record Event(String id, String type, String data) {}

  private final List<Event> events = new CopyOnWriteArrayList<>();
  private final HttpResponse<Stream<String>> response;
  private final CompletableFuture<Void> reading;

  SseClient(String url, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    response =
        HttpClient.newHttpClient()
            .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines())
            .get(10, TimeUnit.SECONDS);
    reading = CompletableFuture.runAsync(this::read);
  }

  int status() {
    return response.statusCode();
  }

  String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  private void read() {
    String id = null;
    String type = "message";
    StringBuilder data = new StringBuilder();
    for (String line : (Iterable<String>) response.body()::iterator) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          events.add(new Event(id, type, data.toString()));
        }
        type = "message";
        data.setLength(0);
      } else if (line.startsWith("id:")) {
        id = line.substring(3).strip();
      } else if (line.startsWith("event:")) {
        type = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.append(line.substring(5).strip());
      }
    }
  }

  @Override
  public void close() {
    response.body().close();
    reading.cancel(true);
  }
}
