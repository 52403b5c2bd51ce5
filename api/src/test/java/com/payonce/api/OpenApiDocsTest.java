package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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

  /** The description is a contract: every problem an operation can answer, the scheme, enums. */
  @Test
  void everyOperationDocumentsItsProblems_theBearerScheme_andItsEnums() {
    JsonNode docs = send("GET", "/v3/api-docs", null, Map.of()).json();

    assertThat(docs.path("paths").propertyNames())
        .as("only payonce's API, not the sandbox PSP")
        .allMatch(path -> path.startsWith("/api/") || path.startsWith("/webhooks/"));
    JsonNode bearer = docs.path("components").path("securitySchemes").path("apiKey");
    assertThat(text(bearer, "type")).isEqualTo("http");
    assertThat(text(bearer, "scheme")).isEqualTo("bearer");
    for (Map.Entry<String, JsonNode> path : docs.path("paths").properties()) {
      for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
        String name = operation.getKey() + " " + path.getKey();
        JsonNode responses = operation.getValue().path("responses");
        List<String> problemTypes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> response : responses.properties()) {
          JsonNode problem = response.getValue().path("content").path(PROBLEM_JSON);
          if (Integer.parseInt(response.getKey()) >= 400) {
            assertThat(problem.isMissingNode())
                .as("%s %s is problem+json", name, response.getKey())
                .isFalse();
            problem
                .path("schema")
                .path("properties")
                .path("type")
                .path("enum")
                .forEach(type -> problemTypes.add(type.asString()));
          }
        }
        assertThat(problemTypes)
            .as("%s documents its problem types", name)
            .isNotEmpty()
            .allMatch(type -> type.startsWith("urn:payonce:problem:"));
        if (path.getKey().startsWith("/api/")) {
          assertThat(problemTypes).as(name).contains("urn:payonce:problem:unauthorized");
          assertThat(operation.getValue().path("security").toString()).as(name).contains("apiKey");
        }
      }
    }
    JsonNode checkout = docs.path("paths").path("/api/v1/orders").path("post").path("responses");
    assertThat(checkout.path("201").path("headers").has("Location")).as("%s", checkout).isTrue();
    JsonNode schemas = docs.path("components").path("schemas");
    assertThat(schemas.path("OrderResponse").path("properties").path("status").path("enum"))
        .extracting(JsonNode::asString)
        .contains("AWAITING_PAYMENT", "PAID", "REFUNDED");
    assertThat(schemas.path("PayBody").path("properties").path("channel").path("enum"))
        .extracting(JsonNode::asString)
        .containsExactlyInAnyOrder("alipay", "wechat");
  }
}
