package com.payonce.api.events;

import com.payonce.activities.events.MerchantDeliveriesTable;
import com.payonce.activities.events.MerchantDeliveriesTable.Target;
import com.payonce.activities.events.MerchantDelivery;
import com.payonce.activities.events.OrderEvent;
import com.payonce.activities.events.OrderEventsTable;
import com.payonce.activities.ledger.OrdersTable;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.api.security.ApiKeyFilter;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The order event log: the shop reads and replays what its endpoints were sent; the customer's page
 * follows one order live (Server-Sent Events).
 */
@RestController
@RequestMapping("/api/v1")
class EventsController {
  private final OrderEventsTable events;
  private final MerchantDeliveriesTable deliveries;
  private final OrdersTable orders;
  private final EventStreams streams;
  private final MerchantDeliveryStarter starter;

  EventsController(
      OrderEventsTable events,
      MerchantDeliveriesTable deliveries,
      OrdersTable orders,
      EventStreams streams,
      MerchantDeliveryStarter starter) {
    this.events = events;
    this.deliveries = deliveries;
    this.orders = orders;
    this.streams = streams;
    this.starter = starter;
  }

  /** Every event shops are sent, oldest first, with its deliveries. */
  @GetMapping("/events")
  EventsPage feed(
      @Parameter(description = "an event id: only later events")
          @RequestParam(defaultValue = "0")
          @Min(0)
          long after,
      @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
    List<OrderEvent> page = events.shopEventsAfter(after, limit + 1);
    return page(page, limit, true);
  }

  /**
   * One order's events, oldest first: every event the order's live stream carries, with the
   * deliveries of those shops are sent.
   */
  @GetMapping(path = "/orders/{orderId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
  EventsPage ofOrder(
      @PathVariable String orderId,
      @RequestParam(defaultValue = "0") @Min(0) long after,
      @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit,
      HttpServletRequest request) {
    existing(orderId);
    List<OrderEvent> page = events.ofOrder(orderId, after, limit + 1);
    return page(page, limit, request.getAttribute(ApiKeyFilter.CUSTOMER) == null);
  }

  /**
   * The order's events live, as Server-Sent Events (id: the event id, event: its type, data: its
   * JSON): those after Last-Event-ID first (all of them without it), then each as it happens.
   */
  @GetMapping(path = "/orders/{orderId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter follow(
      @PathVariable String orderId,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    existing(orderId);
    return streams.open(orderId, parseLastEventId(lastEventId));
  }

  /**
   * Sends the event again to every enabled endpoint (one registered since included), after what
   * each is delivering for that order; 202 with its deliveries.
   */
  @PostMapping("/events/{eventId}/redeliver")
  @ResponseStatus(HttpStatus.ACCEPTED)
  EventResponse redeliver(@PathVariable long eventId) {
    OrderEvent event =
        events
            .find(eventId)
            .orElseThrow(() -> new ApiProblem(Problem.EVENT_NOT_FOUND, "no event " + eventId));
    if (!MerchantDeliveriesTable.forShops(event.type())) {
      throw new ApiProblem(
          Problem.EVENT_NOT_FOUND, "event " + eventId + " is for the customer's page only");
    }
    List<Target> targets = deliveries.redeliver(eventId);
    targets.forEach(t -> starter.wake(t.endpointId(), t.orderId()));
    return EventResponse.of(event, deliveries.ofEvents(List.of(eventId)));
  }

  private EventsPage page(List<OrderEvent> page, int limit, boolean withDeliveries) {
    List<OrderEvent> shown = page.size() > limit ? page.subList(0, limit) : page;
    Map<Long, List<MerchantDelivery>> byEvent =
        withDeliveries
            ? deliveries.ofEvents(shown.stream().map(OrderEvent::eventId).toList()).stream()
                .collect(Collectors.groupingBy(MerchantDelivery::eventId))
            : Map.of();
    return new EventsPage(
        shown.stream()
            .map(
                e ->
                    EventResponse.of(
                        e, withDeliveries ? byEvent.getOrDefault(e.eventId(), List.of()) : null))
            .toList(),
        page.size() > limit);
  }

  private void existing(String orderId) {
    if (orders.find(orderId).isEmpty()) {
      throw new ApiProblem(Problem.ORDER_NOT_FOUND, "no order " + orderId);
    }
  }

  private static long parseLastEventId(String header) {
    if (header == null || header.isBlank()) {
      return 0;
    }
    if (!header.strip().matches("[0-9]{1,18}")) {
      throw new ApiProblem(Problem.INVALID_REQUEST, "Last-Event-ID must be an event id");
    }
    return Long.parseLong(header.strip());
  }
}
