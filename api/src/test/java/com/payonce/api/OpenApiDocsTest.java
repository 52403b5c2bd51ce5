package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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

  @Test
  void payDocumentsTheProblemsOfItsCaps() {
    JsonNode responses =
        send("GET", "/v3/api-docs", null, Map.of())
            .json()
            .path("paths")
            .path("/api/v1/orders/{orderId}/payments")
            .path("post")
            .path("responses");

    assertThat(responses.has("200")).as("responses: %s", responses).isTrue();
    assertThat(text(responses.path("409"), "description")).contains("attempt-limit-reached");
    assertThat(text(responses.path("429"), "description")).contains("pay-limit-reached");
    assertThat(responses.path("429").path("content").has("application/problem+json")).isTrue();
  }
}
