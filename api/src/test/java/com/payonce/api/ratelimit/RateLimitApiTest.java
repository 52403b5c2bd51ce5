package com.payonce.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.api.ApiTestSupport;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The rate limits on checkout and pay, through the real API with a limit of three calls a minute
 * per customer (a context of its own, with its own embedded PostgreSQL): the call over the limit
 * gets 429 problem+json with Retry-After and RateLimit headers, and changes nothing.
 */
@TestPropertySource(
    properties = {
      "payonce.embedded.data-dir=target/test-data-rate-limits",
      "payonce.rate-limits.per-customer.calls=3",
      "payonce.rate-limits.per-api-key.calls=1000"
    })
class RateLimitApiTest extends ApiTestSupport {

  @Autowired private ProxyManager<String> buckets;
  @Autowired private PayonceProperties properties;

  @Test
  void aCustomersFourthCheckoutInAMinute_is429_andCreatesNothing_whileOthersCheckOut() {
    String customer = uniqueId("c-limited");
    for (int i = 0; i < 3; i++) {
      assertOk(checkout(uniqueId("o-limited"), customer, "1.00", "CNY"), 201);
    }
    String fourth = uniqueId("o-limited");

    Reply refused = checkout(fourth, customer, "1.00", "CNY");

    assertProblem(refused, 429, "rate-limited");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(refused.header("RateLimit-Policy")).isEqualTo("3;w=60");
    assertThat(refused.header("RateLimit")).startsWith("limit=3, remaining=0, reset=");
    assertThat(refused.text("detail")).contains("this customer");
    assertProblem(getOrder(fourth), 404, "order-not-found");
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM orders WHERE order_id = ?")
                .param(fourth)
                .query(Long.class)
                .single())
        .isZero();

    assertOk(checkout(uniqueId("o-other"), uniqueId("c-other"), "1.00", "CNY"), 201);
  }

  @Test
  void aCustomersPayCalls_areLimitedToo_andTheRefusedOneOpensNoAttempt() {
    String customer = uniqueId("c-paying");
    String orderId = uniqueId("o-paying");
    assertOk(checkout(orderId, customer, "1.00", "CNY"), 201);
    assertOk(pay(orderId, "alipay"), 200);
    assertOk(pay(orderId, "wechat"), 200);
    assertOk(pay(orderId, "alipay"), 200);

    Reply refused = pay(orderId, "wechat");

    assertProblem(refused, 429, "rate-limited");
    assertThat(refused.header("Retry-After")).isNotBlank();
    assertThat(getOrder(orderId).json().path("attempts")).hasSize(3);
  }

  /** The API key's bucket counts every caller together: past it, every customer is refused. */
  @Test
  void theApiKeysLimit_refusesEveryCustomer() {
    PayonceProperties.RateLimitSettings twoPerKey =
        new PayonceProperties.RateLimitSettings(
            true,
            new PayonceProperties.Limit(100, Duration.ofMinutes(1)),
            new PayonceProperties.Limit(2, Duration.ofMinutes(1)));
    RateLimits limits = new RateLimits(buckets, withLimits(twoPerKey, uniqueId("another-key")));

    limits.take(RateLimits.Operation.CHECKOUT, uniqueId("c1"));
    limits.take(RateLimits.Operation.CHECKOUT, uniqueId("c2"));
    assertThatThrownBy(() -> limits.take(RateLimits.Operation.CHECKOUT, uniqueId("c3")))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            refused -> {
              assertThat(refused.problem()).isEqualTo(Problem.RATE_LIMITED);
              assertThat(refused.getMessage()).contains("this API key");
            });
    // each operation has buckets of its own
    limits.take(RateLimits.Operation.PAY, uniqueId("c3"));
  }

  private PayonceProperties withLimits(PayonceProperties.RateLimitSettings limits, String apiKey) {
    return new PayonceProperties(
        apiKey,
        properties.publicUrl(),
        properties.orders(),
        properties.channels(),
        properties.webhooks(),
        limits);
  }
}
