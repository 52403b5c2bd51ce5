package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.OrderFaults;

/**
 * Body of {@code PUT /orders/{merchantOrderNo}/faults}: the order's own faults, replacing the ones
 * it had; an absent field means none of that fault (see {@link OrderFaults}).
 */
record OrderFaultsRequest(
    Boolean closeHonored, Long queryLagMs, Long webhookDelayMs, Integer refundFailures) {

  static final OrderFaultsRequest NONE = new OrderFaultsRequest(null, null, null, null);

  OrderFaults toOrderFaults() {
    return new OrderFaults(
        closeHonored,
        queryLagMs == null ? 0 : queryLagMs,
        webhookDelayMs == null ? 0 : webhookDelayMs,
        refundFailures == null ? 0 : refundFailures);
  }
}
