package com.payonce.activities.reconciliation;

/**
 * A statement line that did not match the ledger, and what payonce did about it.
 *
 * @param payonceMinor what the ledger holds for it; null when nothing
 * @param itemId the operator item raised for it; null when payonce settles it alone
 */
public record ReconciliationDifference(
    long lineNumber,
    String kind,
    String attemptId,
    String refundNo,
    String orderId,
    String currency,
    long channelMinor,
    Long payonceMinor,
    String action,
    Long itemId) {}
