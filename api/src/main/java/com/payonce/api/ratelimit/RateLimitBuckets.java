package com.payonce.api.ratelimit;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Bucket4j's buckets in the ledger's PostgreSQL (table {@code rate_limit_buckets}, Flyway V4),
 * locked row by row ({@code SELECT ... FOR UPDATE}). A bucket's row expires once it would be full
 * again, and {@link ExpiredRateLimitBuckets} deletes expired rows.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitBuckets {
  @Bean
  PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBucketStore(DataSource dataSource) {
    return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
        .primaryKeyMapper(PrimaryKeyMapper.STRING)
        .table("rate_limit_buckets")
        .idColumn("id")
        .stateColumn("state")
        .expiresAtColumn("expires_at")
        .expirationAfterWrite(
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                Duration.ofSeconds(10)))
        .build();
  }
}
