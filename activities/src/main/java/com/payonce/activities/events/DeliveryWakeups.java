package com.payonce.activities.events;

/**
 * Told, after the commit, which endpoints got new deliveries for an order: starts or signals that
 * pair's delivery workflow. A wake-up lost to a crash right after the commit is made up by the
 * sweep of stalled deliveries ({@link MerchantDeliveriesTable#stalled}).
 */
@FunctionalInterface
public interface DeliveryWakeups {
  DeliveryWakeups NONE = (endpointId, orderId) -> {};

  void wake(String endpointId, String orderId);
}
