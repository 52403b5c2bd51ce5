package com.payonce.workflows.channel;

import com.payonce.workflows.money.Money;

/**
 * What the channel's query API says of an attempt: the only thing payonce acts on.
 *
 * @param paid what it captured (zero unless PAID); may differ from the order amount
 * @param refundedMinor what it already refunded of that capture
 */
public record ChannelPayment(Status status, Money paid, long refundedMinor) {

  public enum Status {
    WAIT_PAY,
    PAID,
    CLOSED,
    NOT_FOUND
  }
}
