package com.payonce.workflows.order;

/**
 * A channel said something happened to an attempt. Never trusted alone: the workflow confirms it
 * with the channel's query API before acting.
 *
 * @param channel the channel that sent it: an event is routed by (channel, merchant order number),
 *     and one naming another channel than the attempt's is ignored (null in histories from before)
 */
public record ChannelEvent(String attemptId, String eventId, Type type, String channel) {

  public enum Type {
    PAYMENT,
    REFUND
  }
}
