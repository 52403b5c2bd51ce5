package com.payonce.activities.ledger;

import com.payonce.workflows.ledger.OrderSnapshot;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.util.List;

/** Order snapshots as the workflow would write them, for one order of 99.90 CNY. */
public final class Snapshots {
  static final long CREATED_AT = 1_780_000_000_123L;
  static final long EXPIRES_AT = CREATED_AT + 15 * 60_000L;
  static final Money AMOUNT = new Money(9990, "CNY");

  private Snapshots() {}

  static OrderView order(
      String orderId,
      long revision,
      OrderStatus status,
      String paidAttemptId,
      long captured,
      long refunded,
      List<AttemptView> attempts,
      List<RefundView> refunds) {
    return new OrderView(
        orderId,
        "cust-1",
        AMOUNT,
        "a pot of tea",
        status,
        CREATED_AT,
        EXPIRES_AT,
        paidAttemptId,
        captured,
        refunded,
        attempts,
        refunds,
        revision);
  }

  static AttemptView attempt(
      String attemptId, String channel, AttemptStatus status, long captured, long refunded) {
    return new AttemptView(
        attemptId,
        channel,
        status,
        "ch-" + attemptId,
        "https://pay.example/" + attemptId,
        CREATED_AT + 1_000,
        captured,
        refunded,
        null);
  }

  static RefundView autoRefund(String attemptId, long amount, RefundStatus status) {
    return new RefundView(
        "auto-" + attemptId,
        attemptId,
        amount,
        status,
        RefundKind.AUTOMATIC,
        "duplicate payment",
        CREATED_AT + 2_000,
        "auto-" + attemptId);
  }

  /** Revision 1: the order waits for payment on one open alipay attempt. */
  public static OrderSnapshot awaiting(String orderId) {
    return new OrderSnapshot(
        order(
            orderId,
            1,
            OrderStatus.AWAITING_PAYMENT,
            null,
            0,
            0,
            List.of(attempt(orderId + "-a1", "alipay", AttemptStatus.OPEN, 0, 0)),
            List.of()));
  }

  /**
   * Revision 2: the alipay attempt is paid and kept; a duplicate wechat payment was captured too
   * and its automatic refund is pending.
   */
  public static OrderSnapshot paidWithDuplicate(String orderId) {
    return new OrderSnapshot(
        order(
            orderId,
            2,
            OrderStatus.PAID,
            orderId + "-a1",
            19980,
            0,
            List.of(
                attempt(orderId + "-a1", "alipay", AttemptStatus.PAID, 9990, 0),
                attempt(orderId + "-a2", "wechat", AttemptStatus.PAID, 9990, 0)),
            List.of(autoRefund(orderId + "-a2", 9990, RefundStatus.PENDING))));
  }

  /** Revision 3: the duplicate went back to the customer. */
  public static OrderSnapshot duplicateRefunded(String orderId) {
    return new OrderSnapshot(
        order(
            orderId,
            3,
            OrderStatus.PAID,
            orderId + "-a1",
            19980,
            9990,
            List.of(
                attempt(orderId + "-a1", "alipay", AttemptStatus.PAID, 9990, 0),
                attempt(orderId + "-a2", "wechat", AttemptStatus.REFUNDED, 9990, 9990)),
            List.of(autoRefund(orderId + "-a2", 9990, RefundStatus.SUCCEEDED))));
  }

  /** Revision 3: the channel refused the duplicate's refund for good. */
  public static OrderSnapshot duplicateRefundRefused(String orderId) {
    return new OrderSnapshot(
        order(
            orderId,
            3,
            OrderStatus.PAID,
            orderId + "-a1",
            19980,
            0,
            List.of(
                attempt(orderId + "-a1", "alipay", AttemptStatus.PAID, 9990, 0),
                attempt(orderId + "-a2", "wechat", AttemptStatus.PAID, 9990, 0)),
            List.of(autoRefund(orderId + "-a2", 9990, RefundStatus.FAILED))));
  }
}
