package com.payonce.activities.ledger;

import static com.payonce.activities.ledger.Snapshots.CREATED_AT;
import static com.payonce.activities.ledger.Snapshots.EXPIRES_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.ledger.OrdersTable.NewOrder;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LedgerOrdersTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private LedgerOrders ledgerOrders;
  private LedgerActivitiesImpl ledger;

  @BeforeEach
  void setUp() {
    ledgerOrders = new LedgerOrders(db.dataSource());
    ledger = new LedgerActivitiesImpl(db.dataSource());
  }

  @Test
  void anOrderReadsBackAsItsLastRecordedSnapshot() {
    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-1"));
    ledger.recordOrder(Snapshots.duplicateRefunded("ord-1"));
    ledger.recordOrder(Snapshots.awaiting("ord-2")); // another order's rows stay out

    assertThat(ledgerOrders.find("ord-1")).contains(Snapshots.duplicateRefunded("ord-1").order());
  }

  @Test
  void anOrderNoSnapshotReachedReadsAsRegistered() {
    new OrdersTable(db.dataSource())
        .register(
            new NewOrder(
                "ord-3", "cust-1", Snapshots.AMOUNT, "a pot of tea", CREATED_AT, EXPIRES_AT));

    OrderView order = ledgerOrders.find("ord-3").orElseThrow();

    assertThat(order)
        .isEqualTo(
            Snapshots.order(
                "ord-3", 0, OrderStatus.AWAITING_PAYMENT, null, 0, 0, List.of(), List.of()));
  }

  @Test
  void anUnknownOrderIsEmpty() {
    assertThat(ledgerOrders.find("no-such-order")).isEmpty();
  }
}
