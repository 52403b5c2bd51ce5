package com.payonce.activities.ledger;

import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.activities.events.OrderEventLog;
import com.payonce.activities.ledger.OrdersTable.RefundTarget;
import com.payonce.workflows.laterefund.LateRefundActivities;
import com.payonce.workflows.laterefund.RefundRefusal;
import com.payonce.workflows.laterefund.RefundReservation;
import com.payonce.workflows.laterefund.ReserveRefund;
import com.payonce.workflows.laterefund.SettleRefund;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundCaps;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's side of refunds after the order's workflow has ended. Each late refund runs in a
 * workflow of its own, so no workflow sees the others: the caps are enforced here, each reservation
 * and each settlement in one transaction that first locks the order's row. Settling writes the
 * order as a snapshot would (a newer revision, the changed attempt and refund) and its events
 * through the same outbox, so the shop hears of it as of a refund inside the order.
 */
public class LateRefundActivitiesImpl implements LateRefundActivities {
  private static final Logger log = LoggerFactory.getLogger(LateRefundActivitiesImpl.class);

  private final TransactionTemplate transactions;
  private final OrdersTable orders;
  private final AttemptsTable attempts;
  private final RefundsTable refunds;
  private final OrderEventLog events;
  private final DeliveryWakeups wakeups;
  private final RefundPeriods periods;
  private final Clock clock;

  public LateRefundActivitiesImpl(
      DataSource dataSource, DeliveryWakeups wakeups, RefundPeriods periods, Clock clock) {
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    this.orders = new OrdersTable(dataSource);
    this.attempts = new AttemptsTable(dataSource);
    this.refunds = new RefundsTable(dataSource);
    this.events = new OrderEventLog(dataSource);
    this.wakeups = wakeups;
    this.periods = periods;
    this.clock = clock;
  }

  @Override
  public RefundReservation reserveRefund(ReserveRefund request) {
    return transactions.execute(tx -> reserve(request));
  }

  /** Checks in the order of a refund inside the order: the same id first, so a repeat answers. */
  private RefundReservation reserve(ReserveRefund request) {
    Optional<RefundTarget> locked = orders.lockForRefund(request.orderId());
    if (locked.isEmpty()) {
      return RefundReservation.refused(
          RefundRefusal.REFUND_NOT_ALLOWED, "no order " + request.orderId());
    }
    RefundTarget order = locked.get();
    Optional<RefundView> existing = refunds.requested(order.orderId(), request.refundId());
    if (existing.isPresent()) {
      if (existing.get().amountMinor() != request.amountMinor()) {
        return RefundReservation.refused(
            RefundRefusal.REFUND_ID_CONFLICT,
            "refund " + request.refundId() + " was already asked for another amount");
      }
      return reserved(order, existing.get());
    }
    if (order.paidAttemptId() == null) {
      return RefundReservation.refused(
          RefundRefusal.REFUND_NOT_ALLOWED, "order is " + order.status() + ", not paid");
    }
    Instant now = clock.instant();
    if (order.capturedAt() != null
        && now.isAfter(order.capturedAt().plus(periods.of(order.channel())))) {
      return RefundReservation.refused(
          RefundRefusal.REFUND_PERIOD_OVER,
          order.channel()
              + " takes refunds for "
              + periods.of(order.channel()).toDays()
              + " days after the capture, which was at "
              + order.capturedAt());
    }
    if (refunds.requestedHolding(order.orderId()) >= RefundCaps.REQUESTED_PER_ORDER) {
      return RefundReservation.refused(
          RefundRefusal.REFUND_NOT_ALLOWED,
          "an order takes at most " + RefundCaps.REQUESTED_PER_ORDER + " refunds");
    }
    long refundable =
        Math.subtractExact(order.capturedMinor(), refunds.heldOn(order.paidAttemptId()));
    if (request.amountMinor() > refundable) {
      return RefundReservation.refused(
          RefundRefusal.REFUND_EXCEEDS_REFUNDABLE,
          "refund of "
              + request.amountMinor()
              + " exceeds the refundable "
              + refundable
              + " minor units");
    }
    refunds.insertIfAbsent(
        order.orderId(),
        new RefundView(
            request.refundId(),
            order.paidAttemptId(),
            request.amountMinor(),
            RefundStatus.PENDING,
            RefundKind.REQUESTED,
            request.reason(),
            request.requestedAtMillis(),
            request.refundNo()));
    orders.nextRevision(order.orderId()); // the ledger's view is now newer than the workflow's
    return reserved(order, refunds.requested(order.orderId(), request.refundId()).orElseThrow());
  }

  private static RefundReservation reserved(RefundTarget order, RefundView refund) {
    return RefundReservation.reserved(
        refund, order.channel(), new Money(refund.amountMinor(), order.currency()));
  }

  @Override
  public void settleRefund(SettleRefund settlement) {
    Set<String> endpoints = transactions.execute(tx -> settle(settlement));
    endpoints.forEach(endpointId -> wakeups.wake(endpointId, settlement.orderId()));
  }

  /**
   * Only a refund still on its way changes, and only to another state: a retried settlement finds
   * it there already and writes nothing, so no amount is counted twice.
   */
  private Set<String> settle(SettleRefund settlement) {
    RefundTarget order = orders.lockForRefund(settlement.orderId()).orElseThrow();
    Optional<RefundView> found = refunds.requested(order.orderId(), settlement.refundId());
    if (found.isEmpty()) {
      log.error(
          "late refund {} of {} is not in the ledger", settlement.refundId(), order.orderId());
      return Set.of();
    }
    RefundView before = found.get();
    boolean onItsWay =
        before.status() == RefundStatus.PENDING || before.status() == RefundStatus.PROCESSING;
    if (!onItsWay || before.status() == settlement.status()) {
      return Set.of();
    }
    RefundView after =
        new RefundView(
            before.refundId(),
            before.attemptId(),
            before.amountMinor(),
            settlement.status(),
            before.kind(),
            settlement.reason() == null ? before.reason() : settlement.reason(),
            before.createdAtMillis(),
            before.refundNo());
    List<AttemptView> changedAttempts = List.of();
    OrderView current = orders.findView(order.orderId(), List.of(), List.of(after)).orElseThrow();
    OrderStatus status = current.status();
    long orderRefunded = current.refundedMinor();
    if (settlement.status() == RefundStatus.SUCCEEDED) {
      AttemptView attempt = refunded(before.attemptId(), order.orderId(), before.amountMinor());
      changedAttempts = List.of(attempt);
      orderRefunded = Math.addExact(orderRefunded, before.amountMinor());
      if (attempt.attemptId().equals(order.paidAttemptId())) {
        status =
            attempt.refundedMinor() >= attempt.capturedMinor()
                ? OrderStatus.REFUNDED
                : OrderStatus.PARTIALLY_REFUNDED;
      }
    }
    OrderView snapshot =
        new OrderView(
            current.orderId(),
            current.customerId(),
            current.amount(),
            current.description(),
            status,
            current.createdAtMillis(),
            current.expiresAtMillis(),
            current.paidAttemptId(),
            current.capturedMinor(),
            orderRefunded,
            changedAttempts,
            List.of(after),
            Math.addExact(current.revision(), 1));
    // what LedgerActivitiesImpl.recordOrder writes, under the lock instead of the workflow
    if (orders.upsert(snapshot) == 0) {
      throw new IllegalStateException("the order's row changed under its lock");
    }
    changedAttempts.forEach(a -> attempts.upsert(order.orderId(), a));
    refunds.upsert(order.orderId(), after);
    return events.record(snapshot);
  }

  private AttemptView refunded(String attemptId, String orderId, long amountMinor) {
    AttemptView attempt =
        attempts.ofOrder(orderId).stream()
            .filter(a -> a.attemptId().equals(attemptId))
            .findFirst()
            .orElseThrow();
    long refunded = Math.addExact(attempt.refundedMinor(), amountMinor);
    return new AttemptView(
        attempt.attemptId(),
        attempt.channel(),
        refunded >= attempt.capturedMinor() ? AttemptStatus.REFUNDED : attempt.status(),
        attempt.channelOrderId(),
        attempt.payUrl(),
        attempt.createdAtMillis(),
        attempt.capturedMinor(),
        refunded,
        attempt.note());
  }
}
