package com.payonce.api.config;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Resumes the worker within about a second of the Temporal server coming back (a restart, a
 * failover). Two backoffs used to stack up after it was away: the SDK's poll loop sleeps after
 * every failed poll, 100 ms doubling to 1 min (SDK 1.38 keeps those PollerOptions internal), and
 * gRPC waits between connection attempts, from 1 s growing 1.6 times, which the SDK cuts short only
 * every 10 s. A server away for half a minute left every order waiting 35-50 s after it was back.
 *
 * <ul>
 *   <li>Polls wait for the connection instead of failing ({@link PollsWaitForConnection}): a server
 *       that is down costs the poll loops no failures, hence no backoff, and they go out as soon as
 *       the channel is READY again.
 *   <li>gRPC's reconnect backoff is reset every second, so the channel is READY within about a
 *       second of the server (one loopback or LAN connection attempt a second while it is away).
 * </ul>
 *
 * Every other call (start, signal, update, query) still fails fast: the API answers 503 at once.
 */
@Configuration(proxyBeanMethods = false)
class TemporalReconnectConfiguration {
  static final Duration RECONNECT_BACKOFF_RESET = Duration.ofSeconds(1);

  @Bean
  TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> temporalReconnect() {
    return builder ->
        builder
            .setConnectionBackoffResetFrequency(RECONNECT_BACKOFF_RESET)
            .addGrpcClientInterceptor(new PollsWaitForConnection());
  }
}
