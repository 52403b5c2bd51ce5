package com.payonce.activities.channel;

/**
 * The channel has no statement for that day yet (its bills are made some hours after the day ends
 * in its time zone): ask again later.
 */
public class StatementNotReady extends RuntimeException {
  public StatementNotReady(String message) {
    super(message);
  }
}
