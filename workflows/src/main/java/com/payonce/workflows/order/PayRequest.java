package com.payonce.workflows.order;

/** Open (or return the open) payment attempt at a channel. */
public record PayRequest(String channel) {}
