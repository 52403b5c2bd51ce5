package com.payonce.bench.floor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The floor's activities and ledger: nothing to do, except remembering when an order got PAID. */
public final class FloorActivitiesImpl implements FloorActivities, FloorLedger {
  /** order id → wall-clock microseconds of the ledger write that recorded it PAID (first one). */
  private final Map<String, Long> paidRecordedAt = new ConcurrentHashMap<>();

  @Override
  public String createPayment(String attemptId) {
    return "/floor/" + attemptId + "/pay";
  }

  @Override
  public boolean closePayment(String attemptId) {
    return true;
  }

  @Override
  public boolean queryPayment(String attemptId) {
    return true;
  }

  @Override
  public boolean refundPayment(String attemptId, long amountMinor) {
    return true;
  }

  @Override
  public void recordOrder(String orderId, String status, long revision) {
    if ("PAID".equals(status)) {
      paidRecordedAt.putIfAbsent(orderId, nowMicros());
    }
  }

  public static long nowMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  public Long paidRecordedAt(String orderId) {
    return paidRecordedAt.get(orderId);
  }
}
