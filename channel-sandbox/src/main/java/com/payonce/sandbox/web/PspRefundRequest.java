package com.payonce.sandbox.web;

/** Body of {@code POST /orders/{merchantOrderNo}/refunds}; reason may be absent. */
record PspRefundRequest(String refundNo, String amount, String reason) {}
