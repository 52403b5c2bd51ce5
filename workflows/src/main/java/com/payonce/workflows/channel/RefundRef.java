package com.payonce.workflows.channel;

/** One refund of one attempt at one channel. */
public record RefundRef(String channel, String attemptId, String refundNo) {}
