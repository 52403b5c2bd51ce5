package com.payonce.activities.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.events.OrderEvent;
import com.payonce.activities.events.OrderEventsTable;
import com.payonce.activities.ledger.LedgerActivitiesImpl;
import com.payonce.activities.ledger.Snapshots;
import com.payonce.activities.ledger.TestDatabase;
import com.payonce.workflows.ledger.OrderSnapshot;
import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Situations that need a person land in the queue once, with the shop told once. */
class OperatorQueueTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private LedgerActivitiesImpl ledger;
  private OperatorItemsTable items;
  private OrderEventsTable events;

  @BeforeEach
  void setUp() {
    ledger = new LedgerActivitiesImpl(db.dataSource());
    items = new OperatorItemsTable(db.dataSource());
    events = new OrderEventsTable(db.dataSource());
  }

  @Test
  void anItemRaisedTwiceIsOneItemAndOneEventForTheShop() {
    ledger.recordOrder(Snapshots.awaiting("o-1"));
    NewOperatorItem mismatch =
        new NewOperatorItem(
            "reconciliation/alipay/o-1-a1/capture",
            OperatorReason.AMOUNT_MISMATCH,
            "o-1",
            "alipay",
            "o-1-a1",
            null,
            "the channel captured 99.90 CNY, the ledger 9.99 CNY");
    ledger.raiseOperatorItem(mismatch);
    ledger.raiseOperatorItem(mismatch); // a retried activity

    List<OperatorItem> open = items.list(OperatorItem.Status.OPEN, null, null, 0, 10);
    assertThat(open).hasSize(1);
    OperatorItem item = items.find(open.get(0).itemId()).orElseThrow();
    assertThat(item.reason()).isEqualTo(OperatorReason.AMOUNT_MISMATCH);
    assertThat(item.actions()).extracting(OperatorItem.Action::action).containsExactly("CREATED");
    List<OrderEvent> attention =
        events.ofOrder("o-1", 0, 100).stream()
            .filter(e -> e.type().equals("order.needs_attention"))
            .toList();
    assertThat(attention).hasSize(1);
    assertThat(attention.get(0).body()).contains("AMOUNT_MISMATCH", "\"itemId\":" + item.itemId());
    assertThat(items.openByReason()).containsEntry(OperatorReason.AMOUNT_MISMATCH, 1L);
  }

  @Test
  void anAutomaticRefundTheChannelRefusedForGoodIsAnItem() {
    OrderSnapshot refused = Snapshots.duplicateRefundRefused("o-2");
    ledger.recordOrder(refused);
    ledger.recordOrder(refused);

    List<OperatorItem> open =
        items.list(OperatorItem.Status.OPEN, OperatorReason.REFUND_FAILED, "o-2", 0, 10);
    assertThat(open).hasSize(1);
    assertThat(open.get(0).itemKey()).isEqualTo("refund-failed/wechat/o-2-a2");
    assertThat(open.get(0).detail()).contains("99.90 CNY", "duplicate payment");
  }

  @Test
  void aResolveMovesTheItemOnceAndLeavesATrail() {
    ledger.raiseOperatorItem(
        new NewOperatorItem(
            "k-1", OperatorReason.UNKNOWN_REFUND, null, "wechat", "a-1", "r-1", "refund unknown"));
    long id = items.list(null, null, null, 0, 10).get(0).itemId();

    assertThat(
            items.move(
                id,
                OperatorItem.Status.OPEN,
                OperatorItem.Status.RESOLVED,
                "RESOLVED",
                "ann",
                "refunded by hand"))
        .isTrue();
    assertThat(
            items.move(
                id,
                OperatorItem.Status.OPEN,
                OperatorItem.Status.RESOLVED,
                "RESOLVED",
                "bob",
                "me too"))
        .isFalse();

    OperatorItem item = items.find(id).orElseThrow();
    assertThat(item.status()).isEqualTo(OperatorItem.Status.RESOLVED);
    assertThat(item.actions())
        .extracting(OperatorItem.Action::action, OperatorItem.Action::actor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CREATED", "payonce"),
            org.assertj.core.groups.Tuple.tuple("RESOLVED", "ann"));
    assertThat(items.openByReason()).containsEntry(OperatorReason.UNKNOWN_REFUND, 0L);
  }

  @Test
  void ordersAndRefundsLongPastTheirBoundsAreFoundOnce() {
    ledger.recordOrder(Snapshots.awaiting("o-4"));
    ledger.recordOrder(Snapshots.paidWithDuplicate("o-5")); // its automatic refund is pending
    OverdueOrders overdue = new OverdueOrders(db.dataSource());
    java.time.Instant now = java.time.Instant.now();

    List<NewOperatorItem> found =
        overdue.find(now, java.time.Duration.ofHours(25), java.time.Duration.ofDays(3));
    assertThat(found)
        .extracting(NewOperatorItem::itemKey)
        .containsExactly("order-overdue/o-4", "refund-overdue/o-5/AUTOMATIC/auto-o-5-a2");
    found.forEach(ledger::raiseOperatorItem);

    assertThat(overdue.find(now, java.time.Duration.ofHours(25), java.time.Duration.ofDays(3)))
        .isEmpty();
    assertThat(items.openByReason()).containsEntry(OperatorReason.ORDER_OVERDUE, 2L);
    // not yet past its bounds: nothing
    assertThat(
            overdue.find(
                java.time.Instant.ofEpochMilli(1_780_000_000_123L),
                java.time.Duration.ofHours(25),
                java.time.Duration.ofDays(3)))
        .isEmpty();
  }
}
