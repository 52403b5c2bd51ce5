package com.payonce.workflows.order;

import java.time.Duration;

/**
 * How long the workflow waits for what. Passed in the workflow input so that a change of
 * configuration never changes the behaviour of an order that is already running.
 *
 * @param pollInitial first poll of an open attempt whose webhook has not come (doubles each poll)
 * @param pollMax the longest gap between two polls of an open attempt
 * @param latePaymentWindow how long the order stays open after PAID, EXPIRED or CANCELLED, so late
 *     callbacks are still refunded and refunds can still be asked for
 */
public record PaymentTimings(Duration pollInitial, Duration pollMax, Duration latePaymentWindow) {

  /**
   * How long a payment the channel signed but its query does not show is asked for again, from the
   * first answer that did not show it (the order workflow) or from the orphan's first query.
   */
  public static final Duration QUERY_LAG_WINDOW = Duration.ofMinutes(10);

  public static PaymentTimings defaults() {
    return new PaymentTimings(Duration.ofSeconds(15), Duration.ofMinutes(2), Duration.ofHours(24));
  }
}
