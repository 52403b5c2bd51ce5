package com.payonce.sandbox.web;

/**
 * Optional body of {@code POST /orders/{merchantOrderNo}/pay}.
 *
 * @param amount what the customer pays, in the order's currency; null pays the order amount
 */
record PspPayRequest(String amount) {

  static final PspPayRequest ORDER_AMOUNT = new PspPayRequest(null);
}
