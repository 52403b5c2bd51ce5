package com.payonce.workflows.order;

/**
 * When an order's workflow continues as new, carrying its state into a fresh run: well before
 * Temporal's own limits (2,000 updates per run; 51,200 history events, with continue-as-new
 * suggested from 4,096), which a customer mashing a button or a refund the channel keeps PROCESSING
 * for days would otherwise reach.
 *
 * @param updatesPerRun updates accepted in one run
 * @param eventsPerRun history events in one run
 */
public record RunLimits(int updatesPerRun, int eventsPerRun) {

  public static RunLimits defaults() {
    return new RunLimits(500, 4_000);
  }
}
