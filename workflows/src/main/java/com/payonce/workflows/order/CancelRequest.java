package com.payonce.workflows.order;

public record CancelRequest(String reason) {}
