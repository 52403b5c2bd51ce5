package com.payonce.activities.events;

import com.payonce.activities.events.SnapshotEvents.NewEvent;
import com.payonce.workflows.operator.NewOperatorItem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code order.needs_attention} for an operator item found outside the order's snapshots (an
 * orphan's refund refused, a statement line that does not match): one per item.
 */
final class AttentionEvent {
  private AttentionEvent() {}

  static NewEvent of(String orderId, long itemId, NewOperatorItem item) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("orderId", item.orderId());
    data.put("itemId", itemId);
    data.put("reason", item.reason().name());
    data.put("channel", item.channel());
    data.put("attemptId", item.attemptId());
    data.put("refundNo", item.refundNo());
    data.put("detail", item.detail());
    return new NewEvent(
        "order.needs_attention",
        "item:" + itemId,
        SnapshotEvents.json(Map.of("order", Map.of("orderId", orderId), "item", data)));
  }
}
