package com.payonce.api.ops;

import com.payonce.activities.operator.OperatorItem;
import java.util.List;

/** An operator item as the console shows it, with its audit trail, oldest action first. */
record OpsQueueItem(
    long itemId,
    String reason,
    String status,
    String orderId,
    String channel,
    String attemptId,
    String refundNo,
    String detail,
    String createdAt,
    String updatedAt,
    List<Action> trail) {

  record Action(String action, String actor, String note, String at) {}

  static OpsQueueItem of(OperatorItem item) {
    return new OpsQueueItem(
        item.itemId(),
        item.reason().name(),
        item.status().name(),
        item.orderId(),
        item.channel(),
        item.attemptId(),
        item.refundNo(),
        item.detail(),
        OpsTimes.format(item.createdAt()),
        OpsTimes.format(item.updatedAt()),
        item.actions().stream()
            .map(a -> new Action(a.action(), a.actor(), a.note(), OpsTimes.format(a.at())))
            .toList());
  }

  public boolean open() {
    return OperatorItem.Status.OPEN.name().equals(status);
  }
}
