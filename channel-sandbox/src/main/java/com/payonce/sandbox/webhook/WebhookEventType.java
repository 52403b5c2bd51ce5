package com.payonce.sandbox.webhook;

/** What a webhook announces. */
public enum WebhookEventType {
  PAYMENT_SUCCEEDED,
  REFUND_SUCCEEDED
}
