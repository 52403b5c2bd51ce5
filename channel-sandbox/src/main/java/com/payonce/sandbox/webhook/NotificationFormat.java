package com.payonce.sandbox.webhook;

import com.payonce.sandbox.channel.PspOrderSnapshot;
import java.util.Map;

/** How one PSP's notifications look on the wire and what it takes for a received answer. */
public interface NotificationFormat {

  /**
   * The event as this PSP sends it, signed (and encrypted where it does). Called once per event:
   * every copy and every retry carries the same bytes, so the same notification id.
   *
   * @param order the order as it stood when the event happened
   */
  Notification encode(PspWebhookEvent event, PspOrderSnapshot order);

  /**
   * The headers of one delivery attempt: those encoded, unless the PSP signs each attempt afresh
   * (a merchant refuses a signature older than its replay window, and retries go on for a day).
   */
  default Map<String, String> headersOf(Notification notification) {
    return notification.headers();
  }

  /** Whether the merchant's answer counts as received; anything else is retried. */
  boolean acknowledged(int status, String body);
}
