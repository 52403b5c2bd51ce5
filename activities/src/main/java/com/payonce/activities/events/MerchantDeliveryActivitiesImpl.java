package com.payonce.activities.events;

import com.payonce.workflows.events.MerchantDeliveryActivities;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts an event to a shop's endpoint, signed, and keeps the delivery log. Redirects are not
 * followed (a delivery goes where the shop registered it, nowhere else) and the endpoint's answer
 * body is never read or logged.
 */
public class MerchantDeliveryActivitiesImpl implements MerchantDeliveryActivities {
  private static final Logger log = LoggerFactory.getLogger(MerchantDeliveryActivitiesImpl.class);

  private final OrderEventsTable events;
  private final MerchantEndpointsTable endpoints;
  private final MerchantDeliveriesTable deliveries;
  private final Clock clock;
  private final Duration requestTimeout;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /**
   * @param requestTimeout the whole exchange with the endpoint, body included: past it the delivery
   *     counts as failed and is retried
   */
  public MerchantDeliveryActivitiesImpl(
      DataSource dataSource, Clock clock, Duration requestTimeout) {
    this.events = new OrderEventsTable(dataSource);
    this.endpoints = new MerchantEndpointsTable(dataSource);
    this.deliveries = new MerchantDeliveriesTable(dataSource);
    this.clock = clock;
    this.requestTimeout = requestTimeout;
  }

  @Override
  public boolean deliverPending(String endpointId, String orderId, int limit) {
    List<Long> pending = deliveries.pending(endpointId, orderId, limit + 1);
    pending.stream().limit(limit).forEach(eventId -> deliver(endpointId, eventId));
    return pending.size() > limit;
  }

  @Override
  public void giveUpOldest(String endpointId, String orderId) {
    deliveries.pending(endpointId, orderId, 1).forEach(id -> deliveries.gaveUp(endpointId, id));
  }

  /** One signed POST; throws unless the endpoint takes it (2xx). */
  void deliver(String endpointId, long eventId) {
    MerchantEndpoint endpoint = endpoints.find(endpointId).orElseThrow();
    if (!endpoint.enabled()) {
      deliveries.attemptFailed(endpointId, eventId, null, "the endpoint was deleted");
      deliveries.gaveUp(endpointId, eventId);
      return;
    }
    if (!deliveries.startAttempt(endpointId, eventId)) {
      return; // delivered or given up meanwhile
    }
    OrderEvent event = events.find(eventId).orElseThrow();
    String body = event.body();
    long now = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint.url()))
            .header("Content-Type", "application/json")
            .header("User-Agent", "payonce-webhooks/1")
            .header("Payonce-Event-Id", Long.toString(eventId))
            .header("Payonce-Event-Type", event.type())
            .header(
                EventSignature.HEADER,
                EventSignature.header(now, body, endpoint.signingSecrets(clock.instant())))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    int status;
    CompletableFuture<HttpResponse<Void>> call =
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
    try {
      // one deadline for the whole exchange: the request's own timeout ends at the headers, and
      // an endpoint trickling its body would hold this worker slot for as long as it likes
      status = call.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
    } catch (TimeoutException | ExecutionException e) {
      call.cancel(true);
      String why =
          e instanceof TimeoutException
              ? "no complete answer within " + requestTimeout.toSeconds() + " s"
              : "no answer: " + e.getCause().getClass().getSimpleName();
      deliveries.attemptFailed(endpointId, eventId, null, why);
      throw ApplicationFailure.newFailure(why, "EndpointUnreachable");
    } catch (InterruptedException e) {
      call.cancel(true);
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "EndpointUnreachable");
    }
    if (status / 100 == 2) {
      deliveries.delivered(endpointId, eventId, status);
      return;
    }
    String why = "the endpoint answered HTTP " + status;
    deliveries.attemptFailed(endpointId, eventId, status, why);
    log.info("event {} to endpoint {}: {}, will retry", eventId, endpointId, why);
    throw ApplicationFailure.newFailure(why, "EndpointRefused");
  }
}
