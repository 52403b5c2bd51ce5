package com.payonce.workflows.events;

import io.temporal.activity.ActivityInterface;

/** The signed POSTs of a merchant delivery workflow, and the delivery log's give-up. */
@ActivityInterface
public interface MerchantDeliveryActivities {

  /**
   * POSTs the endpoint's pending events of the order, signed, oldest first, at most {@code limit};
   * returns whether more are pending. Fails at the first one the endpoint does not take (2xx), so a
   * retry starts again at that event: the order of the events is kept.
   */
  boolean deliverPending(String endpointId, String orderId, int limit);

  /**
   * The retry period of the oldest pending event is over: FAILED in the log, until the shop asks
   * for a redelivery; the events after it go on.
   */
  void giveUpOldest(String endpointId, String orderId);
}
