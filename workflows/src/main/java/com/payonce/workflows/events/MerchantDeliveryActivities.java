package com.payonce.workflows.events;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The delivery log's side of a merchant delivery workflow, and the signed POST itself. */
@ActivityInterface
public interface MerchantDeliveryActivities {

  /** The oldest pending deliveries of one endpoint and order, as event ids in event order. */
  List<Long> pendingDeliveries(String endpointId, String orderId, int limit);

  /**
   * POSTs the event, signed, to the endpoint. Fails (and is retried with backoff) unless the
   * endpoint answers 2xx; returns at once when there is nothing to deliver (delivered already, or
   * the endpoint deleted).
   */
  void deliverEvent(String endpointId, long eventId);

  /** The retry period is over: FAILED in the log, until the shop asks for a redelivery. */
  void giveUpDelivery(String endpointId, long eventId);
}
