package com.payonce.activities.ledger;

import static com.payonce.activities.ledger.Snapshots.CREATED_AT;
import static com.payonce.activities.ledger.Snapshots.EXPIRES_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.ledger.OrdersTable.NewOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AttemptsTableTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private AttemptsTable attempts;
  private LedgerActivitiesImpl ledger;

  @BeforeEach
  void setUp() {
    attempts = new AttemptsTable(db.dataSource());
    ledger = new LedgerActivitiesImpl(db.dataSource());
  }

  @Test
  void orderOfIsKnownOnceASnapshotRecordedTheAttempt() {
    new OrdersTable(db.dataSource())
        .register(
            new NewOrder(
                "ord-5", "cust-1", Snapshots.AMOUNT, "a pot of tea", CREATED_AT, EXPIRES_AT));
    assertThat(attempts.orderOf("alipay", "ord-5-a1")).isEmpty();

    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-5"));

    assertThat(attempts.orderOf("alipay", "ord-5-a1")).contains("ord-5");
    assertThat(attempts.orderOf("wechat", "ord-5-a2")).contains("ord-5");
    assertThat(attempts.orderOf("alipay", "never-opened")).isEmpty();
  }

  @Test
  void theSameNumberAtAnotherChannelIsNotTheAttempt() {
    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-6"));

    assertThat(attempts.orderOf("wechat", "ord-6-a1")).isEmpty();
    assertThat(attempts.orderOf("alipay", "ord-6-a2")).isEmpty();
  }

  @Test
  void ofOrderListsTheOrdersAttemptsOnly() {
    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-7"));
    ledger.recordOrder(Snapshots.awaiting("ord-8"));

    assertThat(attempts.ofOrder("ord-7"))
        .isEqualTo(Snapshots.paidWithDuplicate("ord-7").order().attempts());
    assertThat(attempts.ofOrder("no-such-order")).isEmpty();
  }
}
