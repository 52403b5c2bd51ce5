package com.payonce.api.ratelimit;

import com.payonce.api.config.PayonceProperties;
import com.payonce.api.config.PayonceProperties.Limit;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * The limits on checkout and pay: a token from the API key's bucket of the operation, then one from
 * the customer's. A call over either is refused with 429 {@code rate-limited}, its Retry-After and
 * RateLimit headers, before anything is written. The buckets live in PostgreSQL ({@code
 * rate_limit_buckets}), so every instance counts against the same ones.
 */
@Component
public class RateLimits {
  /** The operations limited; each has buckets of its own. */
  public enum Operation {
    CHECKOUT,
    PAY
  }

  private final ProxyManager<String> buckets;
  private final PayonceProperties.RateLimitSettings settings;
  private final String apiKeyId;

  RateLimits(ProxyManager<String> buckets, PayonceProperties properties) {
    this.buckets = buckets;
    this.settings = properties.rateLimits();
    // the key's bucket is named after a digest of it: the key itself is never stored
    this.apiKeyId = digest(properties.apiKey());
  }

  /** Takes one call of {@code operation} for the API key and the customer, or throws 429. */
  public void take(Operation operation, String customerId) {
    if (!settings.enabled()) {
      return;
    }
    take(bucket(operation, "key", apiKeyId), settings.perApiKey(), "this API key");
    take(bucket(operation, "customer", customerId), settings.perCustomer(), "this customer");
  }

  /** A bucket's row id: {@code checkout:customer:<id>}, {@code pay:key:<digest>}. */
  static String bucket(Operation operation, String whose, String id) {
    return operation.name().toLowerCase() + ":" + whose + ":" + id;
  }

  private void take(String bucket, Limit limit, String whose) {
    ConsumptionProbe probe =
        buckets
            .builder()
            // a bucket made under other settings takes the ones configured now
            .withImplicitConfigurationReplacement(
                version(limit), TokensInheritanceStrategy.PROPORTIONALLY)
            .build(bucket, () -> configuration(limit))
            .tryConsumeAndReturnRemaining(1);
    if (probe.isConsumed()) {
      return;
    }
    long retryAfter =
        Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    headers.set("RateLimit-Policy", limit.calls() + ";w=" + limit.period().toSeconds());
    headers.set("RateLimit", "limit=" + limit.calls() + ", remaining=0, reset=" + retryAfter);
    throw new ApiProblem(
        Problem.RATE_LIMITED,
        "at most "
            + limit.calls()
            + " calls per "
            + limit.period().toSeconds()
            + " s for "
            + whose
            + "; try again in "
            + retryAfter
            + " s",
        headers);
  }

  /** Changes whenever the limit does (Bucket4j replaces a bucket's configuration on a new one). */
  static long version(Limit limit) {
    return Math.abs((long) Objects.hash(limit.calls(), limit.period().toNanos()));
  }

  static BucketConfiguration configuration(Limit limit) {
    return BucketConfiguration.builder()
        .addLimit(l -> l.capacity(limit.calls()).refillGreedy(limit.calls(), limit.period()))
        .build();
  }

  private static String digest(String secret) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
