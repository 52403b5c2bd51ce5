package com.payonce.api.events;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * POST /api/v1/webhook-endpoints: where the shop wants its events. The pattern is exactly what
 * {@link java.net.URI} reads as http(s) with a host (a last label starting with a letter, or an
 * IPv4 address), no credentials, no fragment; https only unless allow-http, checked apart.
 */
record EndpointBody(
    @NotBlank
        @Size(max = 2048)
        @Pattern(regexp = URL, message = "must be an http(s) URL with a host, no credentials")
        String url) {

  private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
  private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

  /** Path and query characters URI takes as they are; "%" only as an escape of two hex digits. */
  private static final String PLAIN = "[A-Za-z0-9._~:/?@!$&'()*+,;=-]*";

  /** No alternation under the repetition: Java's regex would recurse once per character. */
  static final String URL =
      "^[Hh][Tt][Tt][Pp][Ss]?://(?:(?:"
          + LABEL
          + "[.])*[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?|(?:"
          + OCTET
          + "[.]){3}"
          + OCTET
          + ")(?::[0-9]{1,5})?(?:[/?]"
          + PLAIN
          + "(?:%[0-9A-Fa-f]{2}"
          + PLAIN
          + ")*)?$";
}
