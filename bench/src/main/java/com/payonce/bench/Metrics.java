package com.payonce.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latency histograms (microseconds) and error counts of one system at one rate. */
final class Metrics {
  static final String CHECKOUT = "checkout";
  static final String CHECKOUT_FIRST = "checkout (first)";
  static final String CHECKOUT_REPEAT = "checkout (repeat)";
  static final String PAY = "pay";
  static final String PAY_SWITCH = "pay (switch: close + create)";
  static final String CUSTOMER_PAY = "customer pays at the channel";
  static final String SETTLE = "settle";
  static final String REFUND = "refund";

  /** payonce's receipt of the channel's payment callback → order.paid on the customer's stream. */
  static final String WEBHOOK_TO_SSE = "webhook → SSE (order.paid)";

  /** The same callback → order.paid POSTed to the shop's webhook endpoint. */
  static final String WEBHOOK_TO_SHOP = "webhook → shop webhook (order.paid)";

  // Where webhook → SSE / shop webhook goes (PostgreSQL's times of the ledger transaction that
  // wrote order.paid and of the delivery's POST): left out of the latency table, in a line below
  // it.
  static final String PHASE_RECORDED = "callback → order.paid recorded";
  static final String PHASE_TO_SSE = "recorded → SSE client";
  static final String PHASE_TO_POST = "recorded → delivery POST started";
  static final String PHASE_POST = "POST started → shop endpoint";
  static final List<String> NOTIFICATION_PHASES =
      List.of(PHASE_RECORDED, PHASE_TO_SSE, PHASE_TO_POST, PHASE_POST);

  static final List<String> ORDER =
      List.of(
          CHECKOUT,
          PAY,
          SETTLE,
          WEBHOOK_TO_SSE,
          WEBHOOK_TO_SHOP,
          CHECKOUT_FIRST,
          CHECKOUT_REPEAT,
          PAY_SWITCH,
          CUSTOMER_PAY,
          REFUND);

  private static final long HIGHEST_MICROS = 10L * 60 * 1_000_000;

  private final Map<String, Histogram> histograms = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
  private final AtomicLong errorSampleCount = new AtomicLong();
  final AtomicLong ordersPlanned = new AtomicLong();
  final AtomicLong ordersCustomerPaid = new AtomicLong();
  final AtomicLong ordersSettled = new AtomicLong();
  final AtomicLong settleExcluded = new AtomicLong();
  final AtomicLong refunds = new AtomicLong();
  final AtomicLong queries = new AtomicLong();
  final AtomicLong rejectedUpdates = new AtomicLong();
  final AtomicLong lateStarts = new AtomicLong();

  /** Paid orders whose order.paid the shop's endpoint got only at a retry of the POST. */
  final AtomicLong shopRetried = new AtomicLong();

  Histogram histogram(String name) {
    return histograms.computeIfAbsent(name, k -> new ConcurrentHistogram(HIGHEST_MICROS, 3));
  }

  void record(String name, long micros) {
    histogram(name).recordValue(Math.max(0, Math.min(micros, HIGHEST_MICROS)));
  }

  void error(String kind, String detail) {
    errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
    if (errorSampleCount.incrementAndGet() <= 20) {
      errorSamples.add(kind + ": " + (detail.length() > 300 ? detail.substring(0, 300) : detail));
    }
  }

  long errorCount() {
    return errors.values().stream().mapToLong(AtomicLong::get).sum();
  }

  Map<String, Long> errorsByKind() {
    Map<String, Long> out = new LinkedHashMap<>();
    errors.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  List<String> errorSamples() {
    return new ArrayList<>(errorSamples);
  }

  /** Histograms in report order, only those with values. */
  Map<String, Histogram> nonEmpty() {
    Map<String, Histogram> out = new LinkedHashMap<>();
    for (String name : ORDER) {
      Histogram h = histograms.get(name);
      if (h != null && h.getTotalCount() > 0) {
        out.put(name, h);
      }
    }
    return out;
  }

  /** p50, p90, p99, p99.9, max in milliseconds. */
  static double[] percentilesMillis(Histogram h) {
    return new double[] {
      h.getValueAtPercentile(50) / 1000.0,
      h.getValueAtPercentile(90) / 1000.0,
      h.getValueAtPercentile(99) / 1000.0,
      h.getValueAtPercentile(99.9) / 1000.0,
      h.getMaxValue() / 1000.0
    };
  }

  long count(String name) {
    Histogram h = histograms.get(name);
    return h == null ? 0 : h.getTotalCount();
  }

  double p99Millis(String name) {
    Histogram h = histograms.get(name);
    return h == null || h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0;
  }
}
