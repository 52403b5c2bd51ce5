package com.payonce.api.config;

import com.payonce.api.ops.OpsPasswords;
import java.util.Set;

/**
 * Secrets anyone can read: application.yaml's defaults and docs/compose.env.example's placeholders.
 */
final class DevelopmentValues {
  /** The ops console's password in application.yaml. */
  static final String OPS_PASSWORD = "dev-ops-password";

  private static final Set<String> BUILT_IN =
      Set.of("dev-api-key", "dev-client-secret-key", OPS_PASSWORD);
  private static final String PLACEHOLDER = "change-me";

  private DevelopmentValues() {}

  /** Also the built-in ops password's bcrypt hash, which anyone can make. */
  static boolean isOpsPassword(String configured) {
    return isOne(configured) || OpsPasswords.admits(configured, OPS_PASSWORD);
  }

  static boolean isOne(String value) {
    return value != null
        && (BUILT_IN.contains(value.strip()) || value.strip().startsWith(PLACEHOLDER));
  }
}
