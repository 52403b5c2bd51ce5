package com.payonce.workflows.orphan;

/** A channel reported a payment for an attempt that no running order workflow can take. */
public record OrphanPayment(String channel, String attemptId, String eventId) {}
