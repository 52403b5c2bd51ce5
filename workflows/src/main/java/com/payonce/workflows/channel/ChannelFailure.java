package com.payonce.workflows.channel;

/**
 * Non-retryable answers of a channel, used as ApplicationFailure types. Anything else a channel
 * call throws (5xx, timeouts, resets) is retried by the activity retry policy.
 */
public enum ChannelFailure {
  /** The channel refused the request for good (bad amount, unknown order, ...). */
  CHANNEL_REJECTED,
  /** The channel refused a refund (more than captured, order not paid, ...). */
  REFUND_REJECTED,
  /**
   * A create the channel refused because it has that attempt's number closed (it expired, or was
   * closed while payonce did not know the create had reached it): nothing can be paid under it.
   */
  ATTEMPT_CLOSED,
  /** No adapter is configured under that channel name. */
  UNKNOWN_CHANNEL
}
