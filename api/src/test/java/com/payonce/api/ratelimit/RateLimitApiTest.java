package com.payonce.api.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.api.ApiTestSupport;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.api.ratelimit.RateLimits.Operation;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rate limits on checkout and pay, through the real API and the buckets in PostgreSQL. The
 * shared test context's limits are out of reach (other tests pay one order 200 times), so each test
 * first leaves the bucket of a customer of its own empty; a second context with a low limit would
 * share the real Temporal server's task queue with the first in CI, and steal its tasks.
 */
class RateLimitApiTest extends ApiTestSupport {

  @Autowired private ProxyManager<String> buckets;
  @Autowired private PayonceProperties properties;

  @Test
  void aCheckoutOverTheCustomersLimit_is429_andCreatesNothing_whileOthersCheckOut() {
    String customer = uniqueId("c-limited");
    assertOk(checkout(uniqueId("o-limited"), customer, "1.00", "CNY"), 201);
    spendEveryToken(Operation.CHECKOUT, customer);
    String refusedOrder = uniqueId("o-limited");

    Reply refused = checkout(refusedOrder, customer, "1.00", "CNY");

    PayonceProperties.Limit limit = properties.rateLimits().perCustomer();
    assertProblem(refused, 429, "rate-limited");
    assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 3601L);
    assertThat(refused.header("RateLimit-Policy"))
        .isEqualTo(limit.calls() + ";w=" + limit.period().toSeconds());
    assertThat(refused.header("RateLimit"))
        .startsWith("limit=" + limit.calls() + ", remaining=0, reset=");
    assertThat(refused.text("detail")).contains("this customer");
    assertProblem(getOrder(refusedOrder), 404, "order-not-found");
    assertThat(
            jdbc()
                .sql("SELECT count(*) FROM orders WHERE order_id = ?")
                .param(refusedOrder)
                .query(Long.class)
                .single())
        .isZero();

    assertOk(checkout(uniqueId("o-other"), uniqueId("c-other"), "1.00", "CNY"), 201);
  }

  @Test
  void aPayCallOverTheCustomersLimit_is429_andOpensNoAttempt() {
    String customer = uniqueId("c-paying");
    String orderId = uniqueId("o-paying");
    assertOk(checkout(orderId, customer, "1.00", "CNY"), 201);
    assertOk(pay(orderId, "alipay"), 200);
    spendEveryToken(Operation.PAY, customer);

    Reply refused = pay(orderId, "wechat");

    assertProblem(refused, 429, "rate-limited");
    assertThat(refused.header("Retry-After")).isNotBlank();
    assertThat(getOrder(orderId).json().path("attempts")).hasSize(1);
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

    limits.take(Operation.CHECKOUT, uniqueId("c1"));
    limits.take(Operation.CHECKOUT, uniqueId("c2"));
    assertThatThrownBy(() -> limits.take(Operation.CHECKOUT, uniqueId("c3")))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            refused -> {
              assertThat(refused.problem()).isEqualTo(Problem.RATE_LIMITED);
              assertThat(refused.getMessage()).contains("this API key");
            });
    // each operation has buckets of its own
    limits.take(Operation.PAY, uniqueId("c3"));
  }

  /**
   * Leaves the customer's bucket empty for an hour: one token an hour, under a configuration
   * version above the app's (so the app keeps it), with that token spent.
   */
  private void spendEveryToken(Operation operation, String customer) {
    long spent =
        buckets
            .builder()
            .withImplicitConfigurationReplacement(
                RateLimits.version(properties.rateLimits().perCustomer()) + 1,
                TokensInheritanceStrategy.RESET)
            .build(
                RateLimits.bucket(operation, "customer", customer),
                () ->
                    BucketConfiguration.builder()
                        .addLimit(l -> l.capacity(1).refillIntervally(1, Duration.ofHours(1)))
                        .build())
            .tryConsumeAsMuchAsPossible();
    assertThat(spent).isOne();
  }

  private PayonceProperties withLimits(PayonceProperties.RateLimitSettings limits, String apiKey) {
    return new PayonceProperties(
        apiKey,
        properties.publicUrl(),
        properties.clientSecretKey(),
        properties.orders(),
        properties.channels(),
        properties.webhooks(),
        limits,
        properties.merchantEvents());
  }
}
