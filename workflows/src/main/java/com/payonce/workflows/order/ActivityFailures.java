package com.payonce.workflows.order;

import com.payonce.workflows.channel.ChannelFailure;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

/** What a failed channel call means to the order. */
final class ActivityFailures {
  private ActivityFailures() {}

  /** The channel's own refusal (non-retryable), as opposed to an outcome nobody knows. */
  static boolean refused(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure failure && failure.isNonRetryable();
  }

  /** A definite "no" of the given kind ({@link ChannelFailure}, the failure's type). */
  static boolean refusedAs(ActivityFailure e, ChannelFailure type) {
    return refused(e) && type.name().equals(((ApplicationFailure) e.getCause()).getType());
  }

  static String rootMessage(ActivityFailure e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return cause instanceof ApplicationFailure failure
        ? failure.getOriginalMessage()
        : cause.getMessage();
  }
}
