package com.payonce.workflows.ledger;

/**
 * Who an attempt belongs to, from the ledger.
 *
 * @param orderId null when the ledger has never seen the attempt
 * @param kept true when the attempt is its order's paid attempt: its money stays captured
 */
public record AttemptOwner(String orderId, boolean kept) {}
