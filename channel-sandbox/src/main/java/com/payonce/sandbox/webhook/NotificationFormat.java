package com.payonce.sandbox.webhook;

import com.payonce.sandbox.channel.PspOrderSnapshot;

/** How one PSP's notifications look on the wire and what it takes for a received answer. */
public interface NotificationFormat {

  /**
   * The event as this PSP sends it, signed (and encrypted where it does). Called once per event:
   * every copy and every retry carries the same bytes, so the same notification id.
   *
   * @param order the order as it stood when the event happened
   */
  Notification encode(PspWebhookEvent event, PspOrderSnapshot order);

  /** Whether the merchant's answer counts as received; anything else is retried. */
  boolean acknowledged(int status, String body);
}
