package com.payonce.activities.ledger;

import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.activities.events.OrderEventLog;
import com.payonce.activities.operator.OperatorItem;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.activities.operator.OperatorQueue;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.ledger.AttemptOwner;
import com.payonce.workflows.ledger.LedgerActivities;
import com.payonce.workflows.ledger.OrderSnapshot;
import com.payonce.workflows.ledger.OrphanRefund;
import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger activities, each handed to the table that owns its rows. Every statement is an upsert
 * on a unique key and a snapshot only lands if its revision is newer, so a retried or reordered
 * call is harmless.
 */
public class LedgerActivitiesImpl implements LedgerActivities {
  private final TransactionTemplate transactions;
  private final OrdersTable orders;
  private final AttemptsTable attempts;
  private final RefundsTable refunds;
  private final OrphanRefundsTable orphanRefunds;
  private final OrderEventLog events;
  private final DeliveryWakeups wakeups;
  private final OperatorItemsTable operatorItems;
  private final OperatorQueue operatorQueue;

  /** A ledger whose events no shop endpoint hears of until the sweep of stalled deliveries. */
  public LedgerActivitiesImpl(DataSource dataSource) {
    this(dataSource, DeliveryWakeups.NONE);
  }

  /**
   * The tables and the transaction manager share one DataSource: that is what puts the tables'
   * statements in the transaction {@link #recordOrder} opens.
   */
  public LedgerActivitiesImpl(DataSource dataSource, DeliveryWakeups wakeups) {
    this.events = new OrderEventLog(dataSource);
    this.wakeups = wakeups;
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.orders = new OrdersTable(dataSource);
    this.attempts = new AttemptsTable(dataSource);
    this.refunds = new RefundsTable(dataSource);
    this.orphanRefunds = new OrphanRefundsTable(dataSource);
    this.operatorItems = new OperatorItemsTable(dataSource);
    this.operatorQueue = new OperatorQueue(dataSource, wakeups);
  }

  /**
   * One transaction: a snapshot's order, attempts, refunds and the events they make land together
   * or not at all. The shop's endpoints hear of new events after the commit.
   */
  @Override
  public void recordOrder(OrderSnapshot snapshot) {
    OrderView order = snapshot.order();
    Set<String> endpoints =
        transactions.execute(
            tx -> {
              if (orders.upsert(order) == 0) {
                return Set.<String>of(); // a newer revision is already recorded
              }
              order.attempts().forEach(a -> attempts.upsert(order.orderId(), a));
              order.refunds().forEach(r -> refunds.upsert(order.orderId(), r));
              raiseRefusedRefunds(order);
              return events.record(order);
            });
    endpoints.forEach(endpointId -> wakeups.wake(endpointId, order.orderId()));
  }

  /**
   * A payment the order does not keep whose refund the channel refused for good needs a person; the
   * snapshot's own {@code order.needs_attention} tells the shop.
   */
  private void raiseRefusedRefunds(OrderView order) {
    for (RefundView refund : order.refunds()) {
      if (refund.kind() == RefundKind.AUTOMATIC && refund.status() == RefundStatus.FAILED) {
        String channel =
            order.attempts().stream()
                .filter(a -> a.attemptId().equals(refund.attemptId()))
                .map(AttemptView::channel)
                .findFirst()
                .orElse(null);
        operatorItems.insert(
            new NewOperatorItem(
                NewOperatorItem.refundFailedKey(channel, refund.attemptId()),
                OperatorReason.REFUND_FAILED,
                order.orderId(),
                channel,
                refund.attemptId(),
                refund.refundNo(),
                "the channel refused for good to refund "
                    + order.amount().withMinor(refund.amountMinor()).toDecimal()
                    + " "
                    + order.amount().currency()
                    + " of a payment the order does not keep ("
                    + refund.reason()
                    + ")"));
      }
    }
  }

  @Override
  public void raiseOperatorItem(NewOperatorItem item) {
    operatorQueue.raise(item);
  }

  @Override
  public void endOperatorRetry(String itemKey, boolean settled, String note) {
    operatorItems
        .idOf(itemKey)
        .ifPresent(
            id ->
                operatorItems.move(
                    id,
                    OperatorItem.Status.RETRYING,
                    settled ? OperatorItem.Status.RESOLVED : OperatorItem.Status.OPEN,
                    settled ? "RESOLVED" : "REOPENED",
                    OperatorItemsTable.PAYONCE,
                    note));
  }

  /** Channel-blind: only orphan runs started before {@link #findOwnerOf} existed replay it. */
  @Override
  public AttemptOwner findAttemptOwner(String attemptId) {
    return attempts.ownerAtAnyChannel(attemptId);
  }

  @Override
  public AttemptOwner findOwnerOf(PaymentRef attempt) {
    return attempts.ownerOf(attempt);
  }

  @Override
  public void recordOrphanRefund(OrphanRefund refund) {
    orphanRefunds.record(refund);
  }
}
