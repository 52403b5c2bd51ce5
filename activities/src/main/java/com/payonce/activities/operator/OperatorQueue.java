package com.payonce.activities.operator;

import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.activities.events.OrderEventLog;
import com.payonce.workflows.operator.NewOperatorItem;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises situations that need a person: the item and the shop's {@code order.needs_attention} land
 * in one transaction (once per item key), the shop's endpoints hear of it after the commit.
 */
public class OperatorQueue {
  private final TransactionTemplate transactions;
  private final OperatorItemsTable items;
  private final OrderEventLog events;
  private final DeliveryWakeups wakeups;

  public OperatorQueue(DataSource dataSource, DeliveryWakeups wakeups) {
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.items = new OperatorItemsTable(dataSource);
    this.events = new OrderEventLog(dataSource);
    this.wakeups = wakeups;
  }

  /** The item's id, new or already raised under its key. */
  public long raise(NewOperatorItem item) {
    Raised raised = transactions.execute(tx -> raiseInTransaction(item));
    raised.wakeUp(wakeups);
    return raised.itemId();
  }

  /**
   * For a caller that holds a transaction on the same DataSource: it must call {@link
   * Raised#wakeUp} after its commit.
   */
  public Raised raiseInTransaction(NewOperatorItem item) {
    Optional<Long> created = items.insert(item);
    if (created.isEmpty()) {
      return new Raised(items.idOf(item.itemKey()).orElseThrow(), item.orderId(), Set.of());
    }
    Set<String> endpoints =
        item.orderId() == null
            ? Set.of()
            : events.recordNeedsAttention(item.orderId(), created.get(), item);
    return new Raised(created.get(), item.orderId(), endpoints);
  }

  /** An item raised, and the shop endpoints to wake once its transaction commits. */
  public record Raised(long itemId, String orderId, Set<String> endpoints) {
    public void wakeUp(DeliveryWakeups wakeups) {
      endpoints.forEach(endpointId -> wakeups.wake(endpointId, orderId));
    }
  }
}
