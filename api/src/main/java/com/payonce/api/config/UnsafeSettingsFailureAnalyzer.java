package com.payonce.api.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Prints a refused start as Spring Boot's "APPLICATION FAILED TO START" report, not a stack trace.
 */
class UnsafeSettingsFailureAnalyzer extends AbstractFailureAnalyzer<UnsafeSettingsException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnsafeSettingsException cause) {
    return new FailureAnalysis(
        "payonce refuses to start with " + cause.realParts() + " configured.",
        "Change these settings:\n  - "
            + String.join("\n  - ", cause.problems())
            + "\n"
            + "The built-in values and the sandbox are for a local run only (TEMPORAL_ADDRESS"
            + " unset, embedded or dev-server, and no SPRING_DATASOURCE_URL); see"
            + " docs/OPERATIONS.md, Production.",
        cause);
  }
}
