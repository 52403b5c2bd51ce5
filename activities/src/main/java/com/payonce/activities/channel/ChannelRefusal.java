package com.payonce.activities.channel;

import com.payonce.workflows.channel.ChannelFailure;

/** A channel's definite "no" (as opposed to no answer): not worth retrying. */
public class ChannelRefusal extends RuntimeException {
  private final ChannelFailure type;

  public ChannelRefusal(ChannelFailure type, String message) {
    super(message);
    this.type = type;
  }

  public ChannelFailure type() {
    return type;
  }
}
