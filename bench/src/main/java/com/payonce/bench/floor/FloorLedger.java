package com.payonce.bench.floor;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** payonce's ledger write (a local activity), doing nothing but noting when an order got PAID. */
@ActivityInterface(namePrefix = "BenchFloorLedger")
public interface FloorLedger {
  @ActivityMethod
  void recordOrder(String orderId, String status, long revision);
}
