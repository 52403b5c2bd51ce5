package com.payonce.sandbox.webhook;

import java.util.Map;

/** One notification ready to POST: what the PSP signed is in the body and the headers. */
public record Notification(String contentType, Map<String, String> headers, byte[] body) {

  public Notification {
    headers = Map.copyOf(headers);
  }
}
