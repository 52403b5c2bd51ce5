package com.payonce.api.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded defaults, used when no Temporal address or database URL is configured.
 *
 * @param dataDir where the embedded PostgreSQL keeps its binaries and data (kept across restarts)
 * @param temporalPort the embedded Temporal server's port; 0 picks a free one
 * @param cleanDatabase start from an empty database (tests)
 */
@ConfigurationProperties("payonce.embedded")
public record EmbeddedProperties(
    @DefaultValue("data") String dataDir,
    @DefaultValue("0") int temporalPort,
    @DefaultValue("false") boolean cleanDatabase) {}
