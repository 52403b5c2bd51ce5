package com.payonce.bench.floor;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** payonce's channel activities, doing nothing: each answers at once. */
@ActivityInterface(namePrefix = "BenchFloor")
public interface FloorActivities {
  @ActivityMethod
  String createPayment(String attemptId);

  @ActivityMethod
  boolean closePayment(String attemptId);

  /** true: the attempt is paid (the floor's channel always says so once signalled). */
  @ActivityMethod
  boolean queryPayment(String attemptId);

  @ActivityMethod
  boolean refundPayment(String attemptId, long amountMinor);
}
