package com.payonce.systemtest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simulator's faults for one batch of scenarios, one settings body per channel, drawn from the
 * batch's seed: the same seed always gives the same settings (the simulator's own random source is
 * seeded from it too). About one batch in eight is calm (no fault at all); otherwise each fault is
 * switched on by its own coin, at a random rate.
 *
 * @param appReadTimeoutMs the app's read timeout towards the channels: {@code timeoutMs} (the hold
 *     of the timeout faults) is drawn above it, so a held answer really times out in the app
 */
record FaultProfile(String name, Map<String, ObjectNode> settings) {

  static FaultProfile draw(long batchSeed, long appReadTimeoutMs) {
    SplittableRandom random = new SplittableRandom(batchSeed ^ 0x5DEECE66DL);
    boolean calm = random.nextInt(8) == 0;
    Map<String, ObjectNode> settings = new LinkedHashMap<>();
    for (String channel : Topology.CHANNELS) {
      ObjectNode s = Http.JSON.createObjectNode();
      s.put("seed", random.nextLong(1, Long.MAX_VALUE));
      if (!calm) {
        // webhooks
        if (coin(random, 0.5)) {
          s.put("webhookDuplicates", random.nextInt(1, 4));
        }
        if (coin(random, 0.4)) {
          long min = random.nextLong(0, 500);
          s.put("webhookDelayMinMs", min);
          s.put("webhookDelayMaxMs", min + random.nextLong(100, 4000));
        }
        if (coin(random, 0.4)) {
          s.put("webhookDropRate", rate(random, 0.1, 0.7));
        }
        if (coin(random, 0.3)) {
          s.put("webhookReorder", true);
        }
        // create
        if (coin(random, 0.3)) {
          s.put("createErrorRate", rate(random, 0.1, 0.4));
        }
        if (coin(random, 0.25)) {
          s.put("createLatencyMs", random.nextLong(50, 1200));
        }
        if (coin(random, 0.3)) {
          s.put("createTimeoutAfterCommitRate", rate(random, 0.1, 0.35));
        }
        // close
        if (coin(random, 0.5)) {
          s.put("closeHonored", false);
        }
        if (coin(random, 0.25)) {
          s.put("closeRefusedRate", rate(random, 0.1, 0.5));
        }
        if (coin(random, 0.2)) {
          s.put("closeTimeoutRate", rate(random, 0.1, 0.3));
        }
        // query, pay, refund
        if (coin(random, 0.3)) {
          s.put("queryLagMs", random.nextLong(200, 3000));
        }
        if (coin(random, 0.15)) {
          s.put("amountTamperRate", rate(random, 0.05, 0.3));
        }
        if (coin(random, 0.3)) {
          s.put("refundAsync", true);
          s.put("refundDelayMs", random.nextLong(100, 3000));
        }
        if (coin(random, 0.3)) {
          s.put("refundFailureRate", rate(random, 0.1, 0.5));
        }
        if (coin(random, 0.2)) {
          s.put("refundThrottleRate", rate(random, 0.1, 0.4));
        }
        // the hold of createTimeoutAfterCommit and closeTimeout: longer than the app waits
        s.put("timeoutMs", appReadTimeoutMs + random.nextLong(300, 2000));
      }
      settings.put(channel, s);
    }
    return new FaultProfile(calm ? "calm" : "faulty", settings);
  }

  private static boolean coin(SplittableRandom random, double p) {
    return random.nextDouble() < p;
  }

  private static double rate(SplittableRandom random, double min, double max) {
    return Math.round((min + random.nextDouble() * (max - min)) * 100) / 100.0;
  }

  /** One line per channel, for the log and the report. */
  String describe() {
    StringBuilder out = new StringBuilder(name);
    settings.forEach((channel, s) -> out.append("; ").append(channel).append(' ').append(s));
    return out.toString();
  }

  boolean closeHonored(String channel) {
    return settings.get(channel).path("closeHonored").asBoolean(true);
  }
}
