package com.payonce.activities.channel;

/**
 * A genuine, signed callback announcing nothing payonce acts on (an Alipay trade closed by its
 * timeout, say): acknowledged as received, so the channel stops sending it, and not recorded.
 */
public class WebhookIgnored extends RuntimeException {
  public WebhookIgnored(String message) {
    super(message);
  }
}
