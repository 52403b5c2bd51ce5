package com.payonce.activities.channel;

/**
 * A statement payonce cannot reconcile past some line however often it asks again: a line or sum
 * it cannot read, a run of the day that another has replaced. Not retried: a person looks. (An
 * IllegalStateException, as the parsers' other refusals of a file are.)
 */
public class StatementUnreadable extends IllegalStateException {
  public StatementUnreadable(String message, Throwable cause) {
    super(message, cause);
  }
}
