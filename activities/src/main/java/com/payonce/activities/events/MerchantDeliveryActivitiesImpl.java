package com.payonce.activities.events;

import com.payonce.workflows.events.MerchantDeliveryActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final OrderEventsTable events;
  private final MerchantEndpointsTable endpoints;
  private final MerchantDeliveriesTable deliveries;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public MerchantDeliveryActivitiesImpl(DataSource dataSource, Clock clock) {
    this.events = new OrderEventsTable(dataSource);
    this.endpoints = new MerchantEndpointsTable(dataSource);
    this.deliveries = new MerchantDeliveriesTable(dataSource);
    this.clock = clock;
  }

  @Override
  public List<Long> pendingDeliveries(String endpointId, String orderId, int limit) {
    return deliveries.pending(endpointId, orderId, limit);
  }

  @Override
  public void deliverEvent(String endpointId, long eventId) {
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
            .timeout(REQUEST_TIMEOUT)
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
    try {
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      String why = "no answer: " + e.getClass().getSimpleName();
      deliveries.attemptFailed(endpointId, eventId, null, why);
      throw ApplicationFailure.newFailure(why, "EndpointUnreachable");
    } catch (InterruptedException e) {
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

  @Override
  public void giveUpDelivery(String endpointId, long eventId) {
    deliveries.gaveUp(endpointId, eventId);
  }
}
