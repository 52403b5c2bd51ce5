package com.payonce.api.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.payonce.activities.events.MerchantDelivery;
import com.payonce.activities.events.OrderEvent;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * An event as the log shows it: the body the endpoints receive, and its deliveries (for the shop
 * only: a customer's page never sees them).
 *
 * @param data the order, and the attempt or refund the event is about, as they were then
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventResponse(
    String id,
    String type,
    String orderId,
    Instant createdAt,
    @JsonRawValue @Schema(type = "object", implementation = Object.class) String data,
    List<DeliveryResponse> deliveries) {

  record DeliveryResponse(
      String endpointId,
      String status,
      int attempts,
      Instant lastAttemptAt,
      Integer lastResponseStatus,
      String lastError,
      Instant deliveredAt) {

    static DeliveryResponse of(MerchantDelivery d) {
      return new DeliveryResponse(
          d.endpointId(),
          d.status(),
          d.attempts(),
          d.lastAttemptAt(),
          d.lastResponseStatus(),
          d.lastError(),
          d.deliveredAt());
    }
  }

  static EventResponse of(OrderEvent e, List<MerchantDelivery> deliveries) {
    return new EventResponse(
        Long.toString(e.eventId()),
        e.type(),
        e.orderId(),
        e.createdAt(),
        e.payload(),
        deliveries == null ? null : deliveries.stream().map(DeliveryResponse::of).toList());
  }
}
