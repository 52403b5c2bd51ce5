package com.payonce.api.ops;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/** Links an order to its workflow in the Temporal Web UI: the workflow id is the order id. */
@Component
class TemporalWebUi {
  private final String baseUrl;
  private final String namespace;

  TemporalWebUi(
      OpsProperties properties, @Value("${spring.temporal.namespace:default}") String namespace) {
    this.baseUrl = properties.temporalUiUrl().replaceAll("/+$", "");
    this.namespace = namespace;
  }

  /** Each segment encoded: an order id may hold ":" and "." (never "/", FieldPatterns.ID). */
  String workflow(String orderId) {
    return UriComponentsBuilder.fromUriString(baseUrl)
        .pathSegment("namespaces", namespace, "workflows", orderId)
        .encode()
        .toUriString();
  }
}
