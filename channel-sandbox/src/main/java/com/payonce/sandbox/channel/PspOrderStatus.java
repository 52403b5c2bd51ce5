package com.payonce.sandbox.channel;

/** A channel order's state as the query API reports it. */
public enum PspOrderStatus {
  WAIT_PAY,
  PAID,
  CLOSED
}
