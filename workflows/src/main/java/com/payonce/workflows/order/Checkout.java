package com.payonce.workflows.order;

import com.payonce.workflows.money.Money;

/**
 * The workflow input: one order to be paid exactly once.
 *
 * @param expiresAtMillis epoch millis after which no attempt can be opened and open ones are closed
 * @param limits when the run continues as new (null: {@link RunLimits#defaults()})
 * @param continued the state a previous run of this order carried over (null in its first run)
 */
public record Checkout(
    String orderId,
    String customerId,
    Money amount,
    String description,
    long createdAtMillis,
    long expiresAtMillis,
    PaymentTimings timings,
    RunLimits limits,
    ContinuedOrder continued) {

  /** A new order's first run, with the default run limits. */
  public static Checkout of(
      String orderId,
      String customerId,
      Money amount,
      String description,
      long createdAtMillis,
      long expiresAtMillis,
      PaymentTimings timings) {
    return new Checkout(
        orderId,
        customerId,
        amount,
        description,
        createdAtMillis,
        expiresAtMillis,
        timings,
        null,
        null);
  }

  RunLimits limitsOrDefaults() {
    return limits == null ? RunLimits.defaults() : limits;
  }

  /** The same order, carrying a run's state into the next. */
  Checkout continuedWith(ContinuedOrder state) {
    return new Checkout(
        orderId,
        customerId,
        amount,
        description,
        createdAtMillis,
        expiresAtMillis,
        timings,
        limits,
        state);
  }

  /** The same order with other run limits (tests make runs continue sooner). */
  Checkout withLimits(RunLimits newLimits) {
    return new Checkout(
        orderId,
        customerId,
        amount,
        description,
        createdAtMillis,
        expiresAtMillis,
        timings,
        newLimits,
        continued);
  }
}
