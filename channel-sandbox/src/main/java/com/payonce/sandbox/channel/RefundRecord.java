package com.payonce.sandbox.channel;

import java.time.Instant;

/** A refund the channel made; {@code reason} may be null. */
public record RefundRecord(String refundNo, Amount amount, String reason, Instant refundedAt) {}
