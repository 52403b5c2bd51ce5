package com.payonce.bench.floor;

import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The floor: an order workflow of payonce's shape (start with search attributes, a {@code pay}
 * update that closes the open attempt and creates one at the channel, a {@code channelEvent}
 * signal confirmed by a query, a {@code refund} update, an expiry timer, a poll timer while an
 * attempt is open, a late-payment-window timer, a ledger write as a local activity after each
 * change, the same search-attribute upserts) in which every activity does nothing. What payonce
 * costs above it is payonce's own.
 */
@WorkflowInterface
public interface FloorWorkflow {
  String WORKFLOW_TYPE = "BenchFloorOrder";
  String TASK_QUEUE = "payonce-bench-floor";

  SearchAttributeKey<String> ORDER_STATUS = SearchAttributeKey.forKeyword("OrderStatus");
  SearchAttributeKey<String> PAYMENT_CHANNEL = SearchAttributeKey.forKeyword("PaymentChannel");
  SearchAttributeKey<String> CUSTOMER_ID = SearchAttributeKey.forKeyword("CustomerId");

  record Order(String orderId, long amountMinor, long expiresAtMillis, long pollInitialMillis,
      long latePaymentWindowMillis) {}

  @WorkflowMethod(name = WORKFLOW_TYPE)
  String run(Order order);

  @UpdateMethod(name = "pay")
  String pay(String channel);

  @UpdateValidatorMethod(updateName = "pay")
  void validatePay(String channel);

  @UpdateMethod(name = "refund")
  String refund(long amountMinor);

  @UpdateValidatorMethod(updateName = "refund")
  void validateRefund(long amountMinor);

  @SignalMethod(name = "channelEvent")
  void channelEvent(String attemptId);

  @QueryMethod(name = "view")
  String view();
}
