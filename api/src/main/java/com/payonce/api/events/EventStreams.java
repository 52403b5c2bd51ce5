package com.payonce.api.events;

import com.payonce.activities.events.OrderEvent;
import com.payonce.activities.events.OrderEventsTable;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live streams of this instance. One thread LISTENs for the NOTIFY every event commit sends
 * (from any instance), reads the events after the last one it saw — ids commit in order, so none is
 * skipped — and hands each to its order's streams. It also looks once a second without a NOTIFY, so
 * a notification lost while it reconnected costs a second, not an event.
 */
@Component
class EventStreams implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
  private static final int BATCH = 500;
  private static final Duration HEARTBEAT = Duration.ofSeconds(15);
  private static final Duration RECONNECT = Duration.ofSeconds(2);

  private final OrderEventsTable events;
  private final DataSource dataSource;
  private final PayonceProperties.MerchantEvents settings;
  private final Map<String, Set<EventStream>> byOrder = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private volatile boolean running;
  private Thread listener;
  private long cursor;

  EventStreams(OrderEventsTable events, DataSource dataSource, PayonceProperties properties) {
    this.events = events;
    this.dataSource = dataSource;
    this.settings = properties.merchantEvents();
  }

  /** A stream of one order's events after {@code lastEventId}; refused past the caps. */
  SseEmitter open(String orderId, long lastEventId) {
    SseEmitter emitter = new SseEmitter(settings.streamTimeout().toMillis());
    EventStream stream = new EventStream(orderId, emitter, lastEventId);
    boolean[] added = {false};
    if (open.incrementAndGet() <= settings.maxStreams()) {
      // per key atomically: a set is never dropped while a stream is being added to it
      byOrder.compute(
          orderId,
          (id, streams) -> {
            Set<EventStream> ofOrder = streams == null ? ConcurrentHashMap.newKeySet() : streams;
            if (ofOrder.size() < settings.maxStreamsPerOrder()) {
              added[0] = ofOrder.add(stream);
            }
            return ofOrder.isEmpty() ? null : ofOrder;
          });
    }
    if (!added[0]) {
      open.decrementAndGet();
      throw new ApiProblem(
          Problem.TOO_MANY_STREAMS,
          "too many live streams; close one, or read GET /api/v1/orders/{id}/events");
    }
    Runnable close =
        () ->
            byOrder.computeIfPresent(
                orderId,
                (id, streams) -> {
                  if (streams.remove(stream)) {
                    open.decrementAndGet();
                  }
                  return streams.isEmpty() ? null : streams;
                });
    emitter.onCompletion(close);
    emitter.onTimeout(emitter::complete);
    emitter.onError(e -> close.run());
    try {
      stream.start();
      stream.catchUp(events);
    } catch (RuntimeException e) {
      close.run(); // the emitter never reached Spring MVC: its callbacks would never run
      throw e;
    }
    return emitter;
  }

  private void listen() {
    long lastHeartbeat = System.nanoTime();
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + OrderEventsTable.CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        while (running) {
          notifications.getNotifications(1000);
          dispatch();
          if (System.nanoTime() - lastHeartbeat > HEARTBEAT.toNanos()) {
            byOrder.values().forEach(streams -> streams.forEach(EventStream::heartbeat));
            lastHeartbeat = System.nanoTime();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("live event listener lost its connection, reconnecting: {}", e.toString());
          pause();
        }
      }
    }
  }

  private void dispatch() {
    List<OrderEvent> batch;
    do {
      batch = events.after(cursor, BATCH);
      for (OrderEvent event : batch) {
        cursor = event.eventId();
        Set<EventStream> streams = byOrder.get(event.orderId());
        if (streams != null) {
          streams.forEach(s -> s.live(event));
        }
      }
    } while (batch.size() == BATCH);
  }

  private static void pause() {
    try {
      Thread.sleep(1000); // back off before reconnecting to a database that just failed
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void start() {
    cursor = events.lastId();
    running = true;
    listener = new Thread(this::listen, "payonce-event-streams");
    listener.setDaemon(true);
    listener.start();
  }

  @Override
  public void stop() {
    running = false;
    if (listener != null) {
      listener.interrupt();
    }
    byOrder.values().forEach(streams -> streams.forEach(s -> s.emitter().complete()));
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** One client's stream; sends under its own lock, so events go out once and in id order. */
  private static final class EventStream {
    private final String orderId;
    private final SseEmitter emitter;
    private long lastSent;
    private boolean caughtUp;

    EventStream(String orderId, SseEmitter emitter, long lastEventId) {
      this.orderId = orderId;
      this.emitter = emitter;
      this.lastSent = lastEventId;
    }

    SseEmitter emitter() {
      return emitter;
    }

    /**
     * The events missed so far, read until none is left. Registered before this runs, so an event
     * committed meanwhile is either read here or handed to {@link #live} after it.
     */
    synchronized void catchUp(OrderEventsTable events) {
      List<OrderEvent> missed;
      do {
        missed = events.ofOrder(orderId, lastSent, BATCH);
        missed.forEach(this::send);
      } while (missed.size() == BATCH);
      caughtUp = true;
    }

    /** Skipped until caught up: the catch-up reads it from the table. */
    synchronized void live(OrderEvent event) {
      if (caughtUp) {
        send(event);
      }
    }

    /**
     * The reconnection delay, sent at once: it also sends the headers, so the client sees the
     * stream open before the order's first event.
     */
    synchronized void start() {
      try {
        emitter.send(SseEmitter.event().reconnectTime(RECONNECT.toMillis()));
      } catch (IOException e) {
        emitter.completeWithError(e);
      }
    }

    synchronized void heartbeat() {
      try {
        emitter.send(SseEmitter.event().comment("keep-alive"));
      } catch (IOException | IllegalStateException e) {
        emitter.completeWithError(e);
      }
    }

    private void send(OrderEvent event) {
      if (event.eventId() <= lastSent) {
        return;
      }
      try {
        emitter.send(
            SseEmitter.event()
                .id(Long.toString(event.eventId()))
                .name(event.type())
                .data(event.body(), MediaType.APPLICATION_JSON));
        lastSent = event.eventId();
      } catch (IOException | IllegalStateException e) {
        emitter.completeWithError(e); // the client went away
      }
    }
  }
}
