package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.Amount;
import com.payonce.sandbox.channel.NewOrder;
import com.payonce.sandbox.channel.SandboxException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Currency;

/** Body of {@code POST /orders}; only description, notifyUrl and expiresAt may be absent. */
record CreateOrderRequest(
    String merchantOrderNo,
    String amount,
    String currency,
    String description,
    String notifyUrl,
    String expiresAt) {

  NewOrder toNewOrder() {
    Currency parsedCurrency = Amount.currency(currency);
    return new NewOrder(
        merchantOrderNo,
        Amount.parse(amount, parsedCurrency),
        description,
        notifyUrl == null ? null : parseUrl(notifyUrl),
        expiresAt == null ? null : parseInstant(expiresAt));
  }

  private static URI parseUrl(String value) {
    try {
      URI uri = new URI(value);
      if (uri.isAbsolute() && uri.getHost() != null) {
        return uri;
      }
    } catch (java.net.URISyntaxException e) {
      // answered below
    }
    throw SandboxException.invalid("notifyUrl must be an absolute http(s) URL");
  }

  /** An ISO-8601 instant; an offset other than Z is accepted too ("2030-01-01T08:00:00+08:00"). */
  private static Instant parseInstant(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw SandboxException.invalid("expiresAt must be an ISO-8601 instant: " + value);
    }
  }
}
