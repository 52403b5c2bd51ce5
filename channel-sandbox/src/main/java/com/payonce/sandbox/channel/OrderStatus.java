package com.payonce.sandbox.channel;

/** A channel order's state as the query API reports it. */
public enum OrderStatus {
  WAIT_PAY,
  PAID,
  CLOSED
}
