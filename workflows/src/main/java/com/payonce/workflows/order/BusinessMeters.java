package com.payonce.workflows.order;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * payonce's business meters. The workflows count through Temporal's workflow metrics scope: it
 * reaches the app's Micrometer registry (and /actuator/prometheus) and stays silent while a history
 * is replayed, so an order is counted once whichever worker runs it. Every tag takes a handful of
 * values.
 */
public final class BusinessMeters {
  /** Orders settled, by outcome (paid, expired, cancelled). */
  public static final String ORDERS_SETTLED = "payonce.orders.settled";

  /** From checkout to settled, by outcome: the customer's time to pay, plus payonce's confirm. */
  public static final String TIME_TO_SETTLE = "payonce.orders.time_to_settle";

  /** Confirmed captures an order does not keep, refunded by itself; by reason. */
  public static final String AUTOMATIC_REFUNDS = "payonce.refunds.automatic";

  /** Refunds the channel refused or failed for good, by kind: an operator must act. */
  public static final String FAILED_REFUNDS = "payonce.refunds.failed";

  /** Late and orphan payments, by outcome (refund_failed needs an operator). */
  public static final String ORPHANS = "payonce.orphans";

  /** Webhooks received, by channel and outcome (counted by the webhook endpoint, not here). */
  public static final String WEBHOOKS = "payonce.webhooks";

  public static final List<String> ALL =
      List.of(ORDERS_SETTLED, TIME_TO_SETTLE, AUTOMATIC_REFUNDS, FAILED_REFUNDS, ORPHANS, WEBHOOKS);

  private BusinessMeters() {}

  static void captured(CaptureVerdict verdict) {
    if (verdict != CaptureVerdict.KEPT) {
      count(AUTOMATIC_REFUNDS, "reason", verdict.tag());
    }
  }

  /** An order settled, {@code checkoutMillis} after its checkout (whichever run it is in). */
  static void settled(OrderStatus outcome, long checkoutMillis) {
    Scope scope = scope("outcome", outcome.name().toLowerCase());
    scope.counter(ORDERS_SETTLED).inc(1);
    scope
        .timer(TIME_TO_SETTLE)
        .record(Duration.ofMillis(Math.max(0, Workflow.currentTimeMillis() - checkoutMillis)));
  }

  static void refundFailed(RefundKind kind) {
    count(FAILED_REFUNDS, "kind", kind.name().toLowerCase());
  }

  /** From workflow code only. */
  public static void count(String meter, String tag, String value) {
    scope(tag, value).counter(meter).inc(1);
  }

  private static Scope scope(String tag, String value) {
    return Workflow.getMetricsScope().tagged(Map.of(tag, value));
  }
}
