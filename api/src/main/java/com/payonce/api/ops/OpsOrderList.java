package com.payonce.api.ops;

import com.payonce.activities.ledger.OrderSearch.Found;
import com.payonce.workflows.money.Money;
import java.util.List;

/**
 * A page of the order list, newest first.
 *
 * @param nextPage the next page's address, null on the last page
 */
record OpsOrderList(
    OpsOrderFilter filter,
    List<Row> orders,
    String nextPage,
    List<String> statuses,
    List<String> channels) {

  record Row(
      String orderId,
      String customerId,
      String amount,
      String currency,
      String status,
      String paidChannel,
      String captured,
      String refunded,
      String createdAt) {

    static Row of(Found order) {
      String currency = order.amount().currency();
      return new Row(
          order.orderId(),
          order.customerId(),
          order.amount().toDecimal(),
          currency,
          order.status().name(),
          order.paidChannel(),
          new Money(order.capturedMinor(), currency).toDecimal(),
          new Money(order.refundedMinor(), currency).toDecimal(),
          OpsTimes.format(order.createdAt()));
    }
  }
}
