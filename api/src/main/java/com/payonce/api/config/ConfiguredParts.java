package com.payonce.api.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.env.PropertyResolver;

/**
 * Which Temporal and PostgreSQL this run uses. A run is local when both are this machine's own
 * throwaway parts: the embedded test server or the dev server the app starts itself on 127.0.0.1
 * ({@code TEMPORAL_ADDRESS} unset, {@code embedded} or {@code dev-server}), and the embedded
 * PostgreSQL (no {@code SPRING_DATASOURCE_URL}). Any {@code host:port} is real, loopback included:
 * payonce cannot tell a dev server there from a cluster.
 *
 * @param temporalTarget {@code spring.temporal.connection.target}
 * @param databaseConfigured whether {@code spring.datasource.url} is set
 */
record ConfiguredParts(String temporalTarget, boolean databaseConfigured) {
  static final String TEMPORAL_TARGET = "spring.temporal.connection.target";
  static final String DATASOURCE_URL = "spring.datasource.url";
  private static final Set<String> LOCAL_TEMPORAL = Set.of("embedded", "dev-server");

  static ConfiguredParts of(PropertyResolver environment) {
    String url = environment.getProperty(DATASOURCE_URL, "");
    return new ConfiguredParts(
        environment.getProperty(TEMPORAL_TARGET, "embedded"), !url.isBlank());
  }

  boolean local() {
    return LOCAL_TEMPORAL.contains(temporalTarget) && !databaseConfigured;
  }

  /** The real parts, for messages. Never the database URL: it may carry a password. */
  String describeReal() {
    List<String> real = new ArrayList<>();
    if (!LOCAL_TEMPORAL.contains(temporalTarget)) {
      real.add("a Temporal server at " + temporalTarget + " (TEMPORAL_ADDRESS)");
    }
    if (databaseConfigured) {
      real.add("a PostgreSQL (SPRING_DATASOURCE_URL)");
    }
    return real.isEmpty() ? "only local parts" : String.join(" and ", real);
  }
}
