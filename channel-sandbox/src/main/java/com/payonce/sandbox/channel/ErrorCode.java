package com.payonce.sandbox.channel;

/** The {@code code} of an error answer, with the HTTP status it is sent with by default. */
public enum ErrorCode {
  INVALID_REQUEST(400),
  UNKNOWN_CHANNEL(404),
  ORDER_NOT_FOUND(404),
  REFUND_NOT_FOUND(404),
  ORDER_MISMATCH(409),
  ORDER_PAID(409),
  ORDER_CLOSED(409),
  ORDER_NOT_PAID(409),
  USER_PAYING(409),
  REFUND_MISMATCH(409),
  REFUND_EXCEEDS_CAPTURED(409),
  /** An injected throttling: the request was not looked at. */
  TOO_MANY_REQUESTS(429),
  INTERNAL_ERROR(500),
  /** An injected transient failure: 503 on create, 500 on refund. */
  SYSTEM_ERROR(503);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
