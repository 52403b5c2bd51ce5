package com.payonce.api.problems;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every problem the API answers with, as RFC 9457 problem+json. The {@link #type()} URI is stable:
 * clients branch on it. Names shared with the workflow's failure types map one to one.
 */
public enum Problem {
  INVALID_REQUEST(HttpStatus.BAD_REQUEST, "The request is not valid"),
  UNKNOWN_CHANNEL(HttpStatus.BAD_REQUEST, "No such payment channel"),
  UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Missing or wrong API key"),
  INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "Webhook signature not valid"),
  STALE_WEBHOOK(HttpStatus.UNAUTHORIZED, "Webhook timestamp outside the tolerance window"),
  MALFORMED_WEBHOOK(HttpStatus.BAD_REQUEST, "Webhook body not understood"),
  NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
  ORDER_NOT_FOUND(HttpStatus.NOT_FOUND, "No such order"),
  EVENT_NOT_FOUND(HttpStatus.NOT_FOUND, "No such event in the shop's event log"),
  ENDPOINT_NOT_FOUND(HttpStatus.NOT_FOUND, "No such webhook endpoint"),
  ENDPOINT_LIMIT_REACHED(HttpStatus.CONFLICT, "Every webhook endpoint there may be is registered"),
  TOO_MANY_STREAMS(HttpStatus.TOO_MANY_REQUESTS, "Too many live event streams are open"),
  OPERATOR_ITEM_NOT_FOUND(HttpStatus.NOT_FOUND, "No such operator item"),
  OPERATOR_ITEM_RESOLVED(HttpStatus.CONFLICT, "The operator item is already resolved"),
  OPERATOR_ITEM_RETRYING(HttpStatus.CONFLICT, "The operator item is being retried"),
  RECONCILIATION_NOT_FOUND(HttpStatus.NOT_FOUND, "No reconciliation of that channel and day"),
  STATEMENT_NOT_FOUND(
      HttpStatus.NOT_FOUND, "The channels keep no statement of that day (future, or past a year)"),
  ORDER_CONFLICT(HttpStatus.CONFLICT, "The order id is taken by a different order"),
  ORDER_ALREADY_PAID(HttpStatus.CONFLICT, "The order is already paid"),
  ORDER_NOT_PAYABLE(HttpStatus.CONFLICT, "The order can no longer be paid"),
  ORDER_CLOSED(HttpStatus.CONFLICT, "The order is settled and closed for changes"),
  PAYMENT_IN_PROGRESS(HttpStatus.CONFLICT, "The customer is paying another attempt"),
  REFUND_NOT_ALLOWED(HttpStatus.CONFLICT, "The order is not paid"),
  REFUND_EXCEEDS_REFUNDABLE(HttpStatus.CONFLICT, "The refund exceeds what can be refunded"),
  AMOUNT_TOO_PRECISE(
      HttpStatus.CONFLICT, "The order's currency has fewer decimals than the amount"),
  REFUND_ID_CONFLICT(HttpStatus.CONFLICT, "The refund id was used for another amount"),
  REFUND_REJECTED(HttpStatus.CONFLICT, "The channel refused the refund"),
  REFUND_PERIOD_OVER(
      HttpStatus.CONFLICT, "The channel takes no refund of this payment any more (refund period)"),
  ATTEMPT_LIMIT_REACHED(HttpStatus.CONFLICT, "The order has opened all the attempts it may"),
  UNSUPPORTED_BY_CHANNEL(
      HttpStatus.CONFLICT, "The channel does not take this order's currency or amount"),
  PAY_LIMIT_REACHED(HttpStatus.TOO_MANY_REQUESTS, "The order has taken all the pay calls it may"),
  RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many calls; try again after Retry-After seconds"),
  METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The body is too large"),
  CHANNEL_REJECTED(HttpStatus.BAD_GATEWAY, "The payment channel refused the request"),
  CHANNEL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "The payment channel did not answer"),
  TEMPORAL_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Orchestration temporarily unavailable"),
  ORDER_BUSY(
      HttpStatus.SERVICE_UNAVAILABLE, "The order is moving to a fresh run; try again in a moment"),
  INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Unexpected error");

  private final HttpStatus status;
  private final String title;

  Problem(HttpStatus status, String title) {
    this.status = status;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  public URI type() {
    return URI.create("urn:payonce:problem:" + name().toLowerCase().replace('_', '-'));
  }
}
