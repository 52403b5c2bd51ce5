package com.payonce.workflows.orphan;

/**
 * A channel reported a payment for an attempt that no running order workflow can take.
 *
 * @param refundRound 0 for the first refund; an operator's retry of a refund the channel refused
 *     counts up, so the channel gets a number it has not refused yet
 */
public record OrphanPayment(String channel, String attemptId, String eventId, int refundRound) {

  public OrphanPayment(String channel, String attemptId, String eventId) {
    this(channel, attemptId, eventId, 0);
  }
}
