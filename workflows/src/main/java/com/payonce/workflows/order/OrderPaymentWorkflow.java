package com.payonce.workflows.order;

import io.temporal.common.SearchAttributeKey;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One order, paid exactly once. The workflow id is the order id, so Temporal itself refuses a
 * second checkout of the same order; every change to the order goes through this workflow.
 */
@WorkflowInterface
public interface OrderPaymentWorkflow {

  String WORKFLOW_TYPE = "OrderPayment";
  String TASK_QUEUE = "payonce-orders";

  String PAY = "pay";
  String CANCEL = "cancel";
  String REFUND = "refund";
  String CHANNEL_EVENT = "channelEvent";
  String VIEW = "view";

  SearchAttributeKey<String> ORDER_STATUS = SearchAttributeKey.forKeyword("OrderStatus");
  SearchAttributeKey<String> PAYMENT_CHANNEL = SearchAttributeKey.forKeyword("PaymentChannel");
  SearchAttributeKey<String> CUSTOMER_ID = SearchAttributeKey.forKeyword("CustomerId");

  /** Runs until the order is settled and its late-payment window has passed; returns the order. */
  @WorkflowMethod(name = WORKFLOW_TYPE)
  OrderView run(Checkout checkout);

  @UpdateMethod(name = PAY)
  AttemptView pay(PayRequest request);

  @UpdateValidatorMethod(updateName = PAY)
  void validatePay(PayRequest request);

  @UpdateMethod(name = CANCEL)
  OrderView cancel(CancelRequest request);

  @UpdateValidatorMethod(updateName = CANCEL)
  void validateCancel(CancelRequest request);

  @UpdateMethod(name = REFUND)
  RefundView refund(RefundRequest request);

  @UpdateValidatorMethod(updateName = REFUND)
  void validateRefund(RefundRequest request);

  @SignalMethod(name = CHANNEL_EVENT)
  void channelEvent(ChannelEvent event);

  @QueryMethod(name = VIEW)
  OrderView view();
}
