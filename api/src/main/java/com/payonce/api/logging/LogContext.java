package com.payonce.api.logging;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The MDC keys payonce logs with (fields of each JSON log line), set for a block and restored after
 * it: threads are pooled, and a request's or a task's ids must not outlive it.
 */
public final class LogContext implements AutoCloseable {
  public static final String ORDER_ID = "orderId";
  public static final String ATTEMPT_ID = "attemptId";
  public static final String WORKFLOW_ID = "workflowId";

  private final Map<String, String> before;

  private LogContext(Map<String, String> before) {
    this.before = before;
  }

  public static LogContext of(Map<String, String> ids) {
    Map<String, String> before = MDC.getCopyOfContextMap();
    ids.forEach(MDC::put);
    return new LogContext(before);
  }

  @Override
  public void close() {
    if (before == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(before);
    }
  }
}
