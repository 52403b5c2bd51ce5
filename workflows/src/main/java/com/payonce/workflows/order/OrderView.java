package com.payonce.workflows.order;

import com.payonce.workflows.money.Money;
import java.util.List;

/**
 * What an order looks like now: the workflow's query answer and the ledger's snapshot.
 *
 * @param capturedMinor money captured over all attempts (a duplicate counts until refunded)
 * @param refundedMinor money refunded over all attempts, requested and automatic
 * @param revision grows with every change, so the ledger never overwrites a newer snapshot
 */
public record OrderView(
    String orderId,
    String customerId,
    Money amount,
    String description,
    OrderStatus status,
    long createdAtMillis,
    long expiresAtMillis,
    String paidAttemptId,
    long capturedMinor,
    long refundedMinor,
    List<AttemptView> attempts,
    List<RefundView> refunds,
    long revision) {}
