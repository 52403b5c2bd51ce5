package com.payonce.workflows.order;

public enum OrderStatus {
  AWAITING_PAYMENT,
  PAID,
  EXPIRED,
  CANCELLED,
  PARTIALLY_REFUNDED,
  REFUNDED;

  /** True once a payment is kept for the order (refunds of it may have followed). */
  public boolean paid() {
    return this == PAID || this == PARTIALLY_REFUNDED || this == REFUNDED;
  }
}
