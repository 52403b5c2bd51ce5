package com.payonce.api.orders;

import com.payonce.activities.ledger.OrderSearch.Found;
import com.payonce.workflows.money.Money;
import java.time.Instant;

/**
 * An order in a list: its ledger row, without attempts and refunds (GET the order for those).
 *
 * @param paidChannel the channel of the kept payment, once paid
 */
record OrderSummaryResponse(
    String orderId,
    String customerId,
    String amount,
    String currency,
    String description,
    String status,
    Instant createdAt,
    Instant expiresAt,
    String paidAttemptId,
    String paidChannel,
    String capturedAmount,
    String refundedAmount) {

  static OrderSummaryResponse of(Found o) {
    String currency = o.amount().currency();
    return new OrderSummaryResponse(
        o.orderId(),
        o.customerId(),
        o.amount().toDecimal(),
        currency,
        o.description(),
        o.status().name(),
        o.createdAt(),
        o.expiresAt(),
        o.paidAttemptId(),
        o.paidChannel(),
        new Money(o.capturedMinor(), currency).toDecimal(),
        new Money(o.refundedMinor(), currency).toDecimal());
  }
}
