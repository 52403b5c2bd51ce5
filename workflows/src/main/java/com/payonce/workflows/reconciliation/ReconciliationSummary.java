package com.payonce.workflows.reconciliation;

/**
 * What one reconciliation found.
 *
 * @param lines the statement's capture and refund lines, every one matched against the ledger
 * @param orphansStarted captures payonce did not know or thought unpaid: given to the orphan path,
 *     which refunds what no order keeps
 * @param itemsRaised differences only a person can settle, in the operator queue
 */
public record ReconciliationSummary(
    long lines, long differences, long orphansStarted, long itemsRaised) {}
