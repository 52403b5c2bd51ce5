package com.payonce.bench;

import java.util.List;
import java.util.Map;

/** One system at one offered rate. */
record StepResult(
    String system,
    double offeredRate,
    double seconds,
    long ordersPlanned,
    long ordersSettledInTime,
    double achievedRate,
    Metrics metrics,
    Map<String, Double> cpuSeconds,
    double machineBusySeconds,
    double cpuWindowSeconds,
    String loadAvgBefore,
    String loadAvgAfter,
    List<String> happySample,
    Map<String, String> variantSample,
    Map<String, long[]> settle) {

  /** Sustainable: no errors, settle p99 within the SLO, and the offered rate was achieved. */
  boolean sustainable(double settleSloMillis) {
    double settleP99 = metrics.p99Millis(Metrics.SETTLE);
    return metrics.errorCount() == 0
        && !Double.isNaN(settleP99)
        && settleP99 <= settleSloMillis
        && achievedRate >= 0.95 * offeredRate;
  }

  /** Kept up: no errors and the offered rate was achieved, whatever the latency. */
  boolean keptUp() {
    return metrics.errorCount() == 0 && achievedRate >= 0.95 * offeredRate;
  }

  String verdict(double settleSloMillis) {
    if (metrics.errorCount() > 0) {
      return "errors";
    }
    double settleP99 = metrics.p99Millis(Metrics.SETTLE);
    if (Double.isNaN(settleP99)) {
      return "no settle figures";
    }
    if (settleP99 > settleSloMillis) {
      return "settle p99 > " + (long) settleSloMillis + " ms";
    }
    if (achievedRate < 0.95 * offeredRate) {
      return "fell behind";
    }
    return "ok";
  }

  /** Cores kept busy on average during the step (load and drain) by everything on the machine. */
  double machineCores() {
    return machineBusySeconds / cpuWindowSeconds;
  }

  /** Cores kept busy by processes that are not part of this benchmark (other people's builds). */
  double otherCores() {
    double ours = cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
    return Math.max(0, machineBusySeconds - ours) / cpuWindowSeconds;
  }

  /** CPU milliseconds per order of one process, or NaN. */
  double cpuMillisPerOrder(String process) {
    Double s = cpuSeconds.get(process);
    return s == null || ordersPlanned == 0 ? Double.NaN : s * 1000 / ordersPlanned;
  }
}
