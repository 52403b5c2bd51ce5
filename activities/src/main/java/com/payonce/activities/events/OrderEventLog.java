package com.payonce.activities.events;

import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.order.OrderView;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Turns a ledger snapshot into its events and the shop's deliveries of them, inside the snapshot's
 * transaction (a transactional outbox: an event exists exactly when its change does).
 */
public class OrderEventLog {
  private final OrderEventsTable events;
  private final MerchantDeliveriesTable deliveries;

  public OrderEventLog(DataSource dataSource) {
    this.events = new OrderEventsTable(dataSource);
    this.deliveries = new MerchantDeliveriesTable(dataSource);
  }

  /** Returns the endpoints that got new deliveries. */
  public Set<String> record(OrderView snapshot) {
    List<Long> ids = events.append(snapshot.orderId(), SnapshotEvents.of(snapshot));
    return deliveries.createFor(ids);
  }

  /** {@code order.needs_attention} for an operator item; returns the endpoints to wake. */
  public Set<String> recordNeedsAttention(String orderId, long itemId, NewOperatorItem item) {
    List<Long> ids = events.append(orderId, List.of(AttentionEvent.of(orderId, itemId, item)));
    return deliveries.createFor(ids);
  }
}
