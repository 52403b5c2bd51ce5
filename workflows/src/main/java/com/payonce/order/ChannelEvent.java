package com.payonce.order;

/**
 * A channel said something happened to an attempt. Never trusted alone: the workflow confirms it
 * with the channel's query API before acting.
 */
public record ChannelEvent(String attemptId, String eventId, Type type) {

  public enum Type {
    PAYMENT,
    REFUND
  }
}
