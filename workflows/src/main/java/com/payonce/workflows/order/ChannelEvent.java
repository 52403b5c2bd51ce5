package com.payonce.workflows.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A channel said something happened to an attempt. Never trusted alone: it is acted on only with
 * the channel's own query answer, which either the workflow asks for or, for a payment callback,
 * payonce's webhook endpoint asked for before signalling ({@code confirmed}).
 *
 * @param channel the channel that sent it: an event is routed by (channel, merchant order number),
 *     and one naming another channel than the attempt's is ignored (null in histories from before)
 * @param confirmed the channel's query answer for the attempt, asked by payonce after the callback
 *     was verified; null when it was not asked or did not answer (the workflow asks), and in
 *     histories from before {@link WorkflowChanges#SETTLE_IN_ONE_TASK}
 */
@JsonIgnoreProperties(ignoreUnknown = true) // a field added later must not drop the signal
public record ChannelEvent(
    String attemptId, String eventId, Type type, String channel, ChannelAnswer confirmed) {

  /** An event the workflow confirms with its own query. */
  public ChannelEvent(String attemptId, String eventId, Type type, String channel) {
    this(attemptId, eventId, type, channel, null);
  }

  public enum Type {
    PAYMENT,
    REFUND
  }
}
