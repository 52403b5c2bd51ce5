package com.payonce.order;

public record CancelRequest(String reason) {}
