package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** springdoc serves the OpenAPI description of the API, without the API key. */
class OpenApiDocsTest extends ApiTestSupport {

  @Test
  void apiDocsDescribeTheOrdersApi() {
    Reply docs = send("GET", "/v3/api-docs", null, Map.of());

    assertOk(docs, 200);
    assertThat(docs.text("openapi")).startsWith("3.");
    assertThat(docs.json().path("paths").has("/api/v1/orders")).isTrue();
    assertThat(docs.json().path("paths").has("/api/v1/orders/{orderId}/payments")).isTrue();
    assertThat(docs.json().path("paths").has("/webhooks/{channel}")).isTrue();
  }
}
