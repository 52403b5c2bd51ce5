package com.payonce.sandbox.web;

/** The answer to a close: always CLOSED, even when the channel only pretends to close. */
record CloseBody(String merchantOrderNo, String status) {

  static CloseBody closed(String merchantOrderNo) {
    return new CloseBody(merchantOrderNo, "CLOSED");
  }
}
