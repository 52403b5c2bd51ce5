package com.payonce.workflows.channel;

/** What a channel says of a refund. */
public enum ChannelRefundStatus {
  SUCCEEDED,
  /**
   * Accepted, money not back yet: the channel sends a callback when done (asynchronous refunds).
   */
  PROCESSING,
  FAILED,
  NOT_FOUND
}
