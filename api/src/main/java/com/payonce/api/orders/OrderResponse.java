package com.payonce.api.orders;

import com.payonce.api.cashier.ClientSecrets;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundView;
import java.time.Instant;
import java.util.List;

/**
 * An order as the API shows it: amounts as decimal strings, times as ISO-8601 instants.
 *
 * @param clientSecret what the customer's page holds instead of the API key: it reads this order,
 *     follows its events and pays it
 * @param cashierUrl payonce's hosted page for the customer (relative until PAYONCE_PUBLIC_URL is
 *     set)
 */
record OrderResponse(
    String orderId,
    String customerId,
    String amount,
    String currency,
    String description,
    String status,
    Instant createdAt,
    Instant expiresAt,
    String paidAttemptId,
    String capturedAmount,
    String refundedAmount,
    List<AttemptResponse> attempts,
    List<RefundResponse> refunds,
    String clientSecret,
    String cashierUrl) {

  record AttemptResponse(
      String attemptId,
      String channel,
      String status,
      String channelOrderId,
      String payUrl,
      Instant createdAt,
      String capturedAmount,
      String refundedAmount,
      String note) {

    static AttemptResponse of(AttemptView a, String currency) {
      return new AttemptResponse(
          a.attemptId(),
          a.channel(),
          a.status().name(),
          a.channelOrderId(),
          a.payUrl(),
          Instant.ofEpochMilli(a.createdAtMillis()),
          decimal(a.capturedMinor(), currency),
          decimal(a.refundedMinor(), currency),
          a.note());
    }
  }

  /**
   * @param refundNo the number the channel knows the refund by (in its statements): made by
   *     payonce, never the shop's refund id
   */
  record RefundResponse(
      String refundId,
      String attemptId,
      String amount,
      String status,
      String kind,
      String reason,
      Instant createdAt,
      String refundNo) {

    static RefundResponse of(RefundView r, String currency) {
      return new RefundResponse(
          r.refundId(),
          r.attemptId(),
          decimal(r.amountMinor(), currency),
          r.status().name(),
          r.kind().name(),
          r.reason(),
          Instant.ofEpochMilli(r.createdAtMillis()),
          r.refundNo() == null ? r.refundId() : r.refundNo());
    }
  }

  static OrderResponse of(OrderView o, ClientSecrets secrets) {
    String currency = o.amount().currency();
    return new OrderResponse(
        o.orderId(),
        o.customerId(),
        o.amount().toDecimal(),
        currency,
        o.description(),
        o.status().name(),
        Instant.ofEpochMilli(o.createdAtMillis()),
        Instant.ofEpochMilli(o.expiresAtMillis()),
        o.paidAttemptId(),
        decimal(o.capturedMinor(), currency),
        decimal(o.refundedMinor(), currency),
        o.attempts().stream().map(a -> AttemptResponse.of(a, currency)).toList(),
        o.refunds().stream().map(r -> RefundResponse.of(r, currency)).toList(),
        secrets.of(o.orderId()),
        secrets.cashierUrl(o.orderId()));
  }

  private static String decimal(long minor, String currency) {
    return new Money(minor, currency).toDecimal();
  }
}
