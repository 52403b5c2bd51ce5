package com.payonce.api.ratelimit;

import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the rows of buckets that have refilled, every minute, a batch at a time: a burst of new
 * customers leaves no rows behind.
 */
@Component
class ExpiredRateLimitBuckets {
  private static final Logger log = LoggerFactory.getLogger(ExpiredRateLimitBuckets.class);
  private static final int BATCH = 1000;

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> store;

  ExpiredRateLimitBuckets(PostgreSQLSelectForUpdateBasedProxyManager<String> store) {
    this.store = store;
  }

  @Scheduled(fixedDelayString = "1m", initialDelayString = "1m")
  void sweep() {
    int removed;
    do {
      removed = store.removeExpired(BATCH);
      log.debug("removed {} expired rate-limit buckets", removed);
    } while (removed == BATCH);
  }
}
