package com.payonce.workflows.ledger;

import com.payonce.workflows.money.Money;

/** A payment no running order keeps, refunded by payonce; written to the ledger with why. */
public record OrphanRefund(
    String channel,
    String attemptId,
    String orderId,
    String refundNo,
    Money amount,
    String reason) {}
