package com.payonce.workflows.order;

import io.temporal.workflow.Workflow;

/**
 * Which {@link WorkflowChanges} an order runs under, each read once per run and then fixed:
 * "hostile-inputs" first thing in run or in the first handler; "fewer-round-trips" lazily, at the
 * first wait or sweep, where version 0 histories first met it (reading it earlier breaks their
 * replay).
 */
final class OrderVersions {
  private final OrderBook book;
  private Integer fewerRoundTrips;
  private Integer hostileInputs;
  private Integer settleInOneTask;
  private Integer finalSweep;
  private Integer freshAttempt;

  OrderVersions(OrderBook book) {
    this.book = book;
  }

  boolean fewerRoundTrips() {
    if (fewerRoundTrips == null) {
      fewerRoundTrips =
          Workflow.getVersion(WorkflowChanges.FEWER_ROUND_TRIPS, Workflow.DEFAULT_VERSION, 1);
    }
    return fewerRoundTrips >= 1;
  }

  /** Reads version "hostile-inputs" and tells the book; returns whether the order runs under it. */
  boolean hostileInputs() {
    if (hostileInputs == null) {
      hostileInputs =
          Workflow.getVersion(WorkflowChanges.HOSTILE_INPUTS, Workflow.DEFAULT_VERSION, 1);
      if (hostileInputs >= 1) {
        book.closeHostileInputs();
      }
    }
    return hostileInputs >= 1;
  }

  /** Read first thing in every run's late-payment window. */
  boolean finalSweepInEveryRun() {
    if (finalSweep == null) {
      finalSweep = Workflow.getVersion(WorkflowChanges.FINAL_SWEEP, Workflow.DEFAULT_VERSION, 1);
    }
    return finalSweep >= 1;
  }

  /** Read only when a create is refused as ATTEMPT_CLOSED (no earlier history has one). */
  boolean freshAttemptForAClosedNumber() {
    if (freshAttempt == null) {
      freshAttempt =
          Workflow.getVersion(WorkflowChanges.FRESH_ATTEMPT, Workflow.DEFAULT_VERSION, 1);
    }
    return freshAttempt >= 1;
  }

  /** Read lazily: at the first confirmed callback or the first capture kept. */
  boolean settleInOneTask() {
    if (settleInOneTask == null) {
      settleInOneTask =
          Workflow.getVersion(WorkflowChanges.SETTLE_IN_ONE_TASK, Workflow.DEFAULT_VERSION, 1);
    }
    return settleInOneTask >= 1;
  }

  /**
   * For validators, which must not record a version marker: an order that has not read the version
   * yet is a new one, under the new rules.
   */
  boolean hostileInputsRules() {
    return hostileInputs == null || hostileInputs >= 1;
  }

  /** Without reading it: whether this run has read "hostile-inputs" and runs under it. */
  boolean underHostileInputs() {
    return hostileInputs != null && hostileInputs >= 1;
  }
}
