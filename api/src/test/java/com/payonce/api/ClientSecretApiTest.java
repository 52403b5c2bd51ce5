package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The customer's page holds the order's client secret, never the API key: it reads that order and
 * pays it, and nothing else — not another order, not a refund, not a cancel.
 */
class ClientSecretApiTest extends ApiTestSupport {

  private Reply asCustomer(String method, String path, String body) {
    return send(method, path, body, Map.of());
  }

  @Test
  void theClientSecretReadsAndPaysItsOwnOrderOnly() {
    String orderId = uniqueId("cs");
    Reply created = checkout(orderId, "customer-cs", "12.00", "CNY");
    assertOk(created, 201);
    String secret = created.text("clientSecret");
    assertThat(secret).startsWith("cs_");
    assertThat(created.text("cashierUrl")).isEqualTo("/pay/" + orderId + "?secret=" + secret);
    assertThat(getOrder(orderId).text("clientSecret")).isEqualTo(secret);

    Reply read = asCustomer("GET", "/api/v1/orders/" + orderId + "?clientSecret=" + secret, null);
    assertOk(read, 200);
    assertThat(read.text("orderId")).isEqualTo(orderId);

    Reply paid =
        asCustomer(
            "POST",
            "/api/v1/orders/" + orderId + "/payments?clientSecret=" + secret,
            json("channel", "alipay"));
    assertOk(paid, 200);
    assertThat(paid.text("status")).isEqualTo("OPEN");

    String base = "/api/v1/orders/" + orderId;
    assertProblem(
        asCustomer("POST", base + "/cancel?clientSecret=" + secret, null), 401, "unauthorized");
    assertProblem(
        asCustomer(
            "POST",
            base + "/refunds?clientSecret=" + secret,
            json("refundId", "r1", "amount", "1.00")),
        401,
        "unauthorized");
    assertProblem(
        asCustomer("GET", "/api/v1/orders?clientSecret=" + secret, null), 401, "unauthorized");
    // the last character changed (to A, or to B when it is an A: the test failed 1 run in 64)
    String wrong = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
    assertProblem(asCustomer("GET", base + "?clientSecret=" + wrong, null), 401, "unauthorized");
    // a secret in a form body is not a credential
    assertProblem(
        send(
            "POST",
            base + "/payments",
            "clientSecret=" + secret,
            Map.of("Content-Type", "application/x-www-form-urlencoded")),
        401,
        "unauthorized");

    String other = uniqueId("cs-other");
    assertOk(checkout(other, "customer-cs", "3.00", "CNY"), 201);
    assertProblem(
        asCustomer("GET", "/api/v1/orders/" + other + "?clientSecret=" + secret, null),
        401,
        "unauthorized");
    assertThat(getOrder(orderId).json().path("attempts")).hasSize(1);
  }
}
