package com.payonce.api.config;

import java.util.Set;

/**
 * Secrets anyone can read: application.yaml's defaults and docs/compose.env.example's placeholders.
 */
final class DevelopmentValues {
  private static final Set<String> BUILT_IN = Set.of("dev-api-key", "dev-client-secret-key");
  private static final String PLACEHOLDER = "change-me";

  private DevelopmentValues() {}

  static boolean isOne(String value) {
    return value != null
        && (BUILT_IN.contains(value.strip()) || value.strip().startsWith(PLACEHOLDER));
  }
}
