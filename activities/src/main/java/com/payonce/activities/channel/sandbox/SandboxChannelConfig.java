package com.payonce.activities.channel.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * How to reach one channel that speaks the sandbox PSP protocol.
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:8080/sandbox/alipay/v1}; a supplier because the
 *     embedded sandbox's port is only known once the web server runs
 * @param notifyUrl where the channel sends callbacks for orders payonce creates
 * @param webhookSecrets accepted signing secrets: two during a rotation, the new one first
 * @param webhookTolerance how old a callback's timestamp may be before it counts as a replay
 */
public record SandboxChannelConfig(
    String name,
    Supplier<String> baseUrl,
    Supplier<String> notifyUrl,
    List<String> webhookSecrets,
    Duration connectTimeout,
    Duration readTimeout,
    Duration webhookTolerance,
    Clock clock) {}
