package com.payonce.api.operator;

import com.payonce.activities.operator.OperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import java.time.Instant;
import java.util.List;

/** One item of the operator queue; {@code actions} is its audit trail, oldest first. */
record OperatorItemResponse(
    long itemId,
    OperatorReason reason,
    OperatorItem.Status status,
    String orderId,
    String channel,
    String attemptId,
    String refundNo,
    String detail,
    Instant createdAt,
    Instant updatedAt,
    List<ActionResponse> actions) {

  record ActionResponse(String action, String actor, String note, Instant at) {}

  static OperatorItemResponse of(OperatorItem item) {
    return new OperatorItemResponse(
        item.itemId(),
        item.reason(),
        item.status(),
        item.orderId(),
        item.channel(),
        item.attemptId(),
        item.refundNo(),
        item.detail(),
        item.createdAt(),
        item.updatedAt(),
        item.actions().stream()
            .map(a -> new ActionResponse(a.action(), a.actor(), a.note(), a.at()))
            .toList());
  }
}
