package com.payonce.activities.channel;

/** A callback payonce will not act on; the reason is safe to log (it holds no secret). */
public class WebhookRejected extends RuntimeException {
  public enum Reason {
    BAD_SIGNATURE,
    STALE_TIMESTAMP,
    MALFORMED_BODY
  }

  private final Reason reason;

  public WebhookRejected(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
