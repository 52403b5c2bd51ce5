package com.payonce.api.config;

import java.util.List;

/** A start refused by {@link StartupSettingsCheck}; the message names settings, never values. */
public class UnsafeSettingsException extends IllegalStateException {
  private final ConfiguredParts parts;
  private final List<String> problems;

  UnsafeSettingsException(ConfiguredParts parts, List<String> problems) {
    super(
        "payonce refuses to start with "
            + parts.describeReal()
            + " configured: "
            + String.join("; ", problems));
    this.parts = parts;
    this.problems = List.copyOf(problems);
  }

  String realParts() {
    return parts.describeReal();
  }

  public List<String> problems() {
    return problems;
  }
}
