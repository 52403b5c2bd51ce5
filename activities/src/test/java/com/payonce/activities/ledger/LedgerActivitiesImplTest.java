package com.payonce.activities.ledger;

import static com.payonce.activities.ledger.Snapshots.CREATED_AT;
import static com.payonce.activities.ledger.Snapshots.EXPIRES_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.ledger.AttemptOwner;
import com.payonce.workflows.ledger.OrderSnapshot;
import com.payonce.workflows.ledger.OrphanRefund;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataIntegrityViolationException;

class LedgerActivitiesImplTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private LedgerActivitiesImpl ledger;

  @BeforeEach
  void setUp() {
    ledger = new LedgerActivitiesImpl(db.dataSource());
  }

  private static Map<String, Object> orderRow(String orderId) {
    return db.jdbc()
        .sql("SELECT * FROM orders WHERE order_id = :id")
        .param("id", orderId)
        .query()
        .singleRow();
  }

  private static Map<String, Object> attemptRow(String attemptId) {
    return db.jdbc()
        .sql("SELECT * FROM payment_attempts WHERE attempt_id = :id")
        .param("id", attemptId)
        .query()
        .singleRow();
  }

  private static Map<String, Object> refundRow(String orderId, String refundId) {
    return db.jdbc()
        .sql("SELECT * FROM refunds WHERE order_id = :o AND refund_id = :r")
        .param("o", orderId)
        .param("r", refundId)
        .query()
        .singleRow();
  }

  private static List<Map<String, Object>> allRows(String table, String orderBy) {
    return db.jdbc().sql("SELECT * FROM " + table + " ORDER BY " + orderBy).query().listOfRows();
  }

  private static long millis(Object timestamp) {
    return ((Timestamp) timestamp).getTime();
  }

  @Test
  void recordOrderInsertsOrderAttemptsAndRefundsFromASnapshot() {
    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-1"));

    Map<String, Object> order = orderRow("ord-1");
    assertThat(order)
        .containsEntry("customer_id", "cust-1")
        .containsEntry("amount_minor", 9990L)
        .containsEntry("currency", "CNY")
        .containsEntry("description", "a pot of tea")
        .containsEntry("status", "PAID")
        .containsEntry("paid_attempt_id", "ord-1-a1")
        .containsEntry("captured_minor", 19980L)
        .containsEntry("refunded_minor", 0L)
        .containsEntry("revision", 2L)
        .containsEntry("workflow_started", true);
    assertThat(millis(order.get("created_at"))).isEqualTo(CREATED_AT);
    assertThat(millis(order.get("expires_at"))).isEqualTo(EXPIRES_AT);

    assertThat(db.count("payment_attempts")).isEqualTo(2);
    assertThat(attemptRow("ord-1-a1"))
        .containsEntry("order_id", "ord-1")
        .containsEntry("channel", "alipay")
        .containsEntry("status", "PAID")
        .containsEntry("channel_order_id", "ch-ord-1-a1")
        .containsEntry("pay_url", "https://pay.example/ord-1-a1")
        .containsEntry("captured_minor", 9990L)
        .containsEntry("refunded_minor", 0L);
    assertThat(attemptRow("ord-1-a2"))
        .containsEntry("order_id", "ord-1")
        .containsEntry("channel", "wechat")
        .containsEntry("status", "PAID");

    assertThat(db.count("refunds")).isEqualTo(1);
    assertThat(refundRow("ord-1", "auto-ord-1-a2"))
        .containsEntry("attempt_id", "ord-1-a2")
        .containsEntry("amount_minor", 9990L)
        .containsEntry("status", "PENDING")
        .containsEntry("kind", "AUTOMATIC")
        .containsEntry("reason", "duplicate payment");
  }

  @Test
  void aHigherRevisionUpdatesStatusesAndAmounts() {
    ledger.recordOrder(Snapshots.awaiting("ord-2"));
    assertThat(orderRow("ord-2")).containsEntry("status", "AWAITING_PAYMENT");
    assertThat(attemptRow("ord-2-a1")).containsEntry("status", "OPEN");

    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-2"));
    ledger.recordOrder(Snapshots.duplicateRefunded("ord-2"));

    assertThat(orderRow("ord-2"))
        .containsEntry("status", "PAID")
        .containsEntry("paid_attempt_id", "ord-2-a1")
        .containsEntry("captured_minor", 19980L)
        .containsEntry("refunded_minor", 9990L)
        .containsEntry("revision", 3L);
    assertThat(attemptRow("ord-2-a1"))
        .containsEntry("status", "PAID")
        .containsEntry("captured_minor", 9990L);
    assertThat(attemptRow("ord-2-a2"))
        .containsEntry("status", "REFUNDED")
        .containsEntry("captured_minor", 9990L)
        .containsEntry("refunded_minor", 9990L);
    assertThat(refundRow("ord-2", "auto-ord-2-a2")).containsEntry("status", "SUCCEEDED");
    assertThat(db.count("payment_attempts")).isEqualTo(2);
    assertThat(db.count("refunds")).isEqualTo(1);
  }

  @Test
  void anOlderRevisionArrivingLateChangesNothing() {
    ledger.recordOrder(Snapshots.duplicateRefunded("ord-3"));
    List<Map<String, Object>> orders = allRows("orders", "order_id");
    List<Map<String, Object>> attempts = allRows("payment_attempts", "attempt_id");
    List<Map<String, Object>> refunds = allRows("refunds", "refund_id");

    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-3"));
    ledger.recordOrder(Snapshots.awaiting("ord-3"));

    assertThat(orderRow("ord-3"))
        .containsEntry("status", "PAID")
        .containsEntry("refunded_minor", 9990L)
        .containsEntry("revision", 3L);
    assertThat(attemptRow("ord-3-a1")).containsEntry("status", "PAID");
    assertThat(attemptRow("ord-3-a2"))
        .containsEntry("status", "REFUNDED")
        .containsEntry("refunded_minor", 9990L);
    assertThat(refundRow("ord-3", "auto-ord-3-a2")).containsEntry("status", "SUCCEEDED");
    // not even updated_at moved
    assertThat(allRows("orders", "order_id")).isEqualTo(orders);
    assertThat(allRows("payment_attempts", "attempt_id")).isEqualTo(attempts);
    assertThat(allRows("refunds", "refund_id")).isEqualTo(refunds);
  }

  @Test
  void recordingTheSameSnapshotTwiceIsHarmless() {
    OrderSnapshot snapshot = Snapshots.paidWithDuplicate("ord-4");
    ledger.recordOrder(snapshot);
    List<Map<String, Object>> orders = allRows("orders", "order_id");
    List<Map<String, Object>> attempts = allRows("payment_attempts", "attempt_id");
    List<Map<String, Object>> refunds = allRows("refunds", "refund_id");

    ledger.recordOrder(snapshot);

    assertThat(db.count("orders")).isEqualTo(1);
    assertThat(db.count("payment_attempts")).isEqualTo(2);
    assertThat(db.count("refunds")).isEqualTo(1);
    assertThat(allRows("orders", "order_id")).isEqualTo(orders);
    assertThat(allRows("payment_attempts", "attempt_id")).isEqualTo(attempts);
    assertThat(allRows("refunds", "refund_id")).isEqualTo(refunds);
  }

  @Test
  void concurrentSnapshotsInAnyOrderLeaveTheNewestRevision() throws Exception {
    int revisions = 20;
    List<OrderSnapshot> snapshots = new ArrayList<>();
    for (int r = 1; r <= revisions; r++) {
      snapshots.add(
          new OrderSnapshot(
              Snapshots.order(
                  "ord-5",
                  r,
                  OrderStatus.AWAITING_PAYMENT,
                  null,
                  0,
                  0,
                  List.of(
                      new com.payonce.workflows.order.AttemptView(
                          "ord-5-a1",
                          "alipay",
                          AttemptStatus.OPEN,
                          "ch-1",
                          "https://pay.example/1",
                          CREATED_AT,
                          0,
                          0,
                          "rev-" + r)),
                  List.of())));
    }
    Collections.shuffle(snapshots, new java.util.Random(42));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> writes = new ArrayList<>();
      for (OrderSnapshot snapshot : snapshots) {
        writes.add(
            pool.submit(
                () -> {
                  go.await();
                  ledger.recordOrder(snapshot);
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> write : writes) {
        write.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(orderRow("ord-5")).containsEntry("revision", (long) revisions);
    assertThat(attemptRow("ord-5-a1")).containsEntry("note", "rev-" + revisions);
  }

  @Test
  void theFirstSnapshotCompletesAnOrderRegisteredAtCheckout() {
    new OrdersTable(db.dataSource())
        .register(
            new OrdersTable.NewOrder(
                "ord-6", "cust-1", Snapshots.AMOUNT, "a pot of tea", CREATED_AT, EXPIRES_AT));
    assertThat(orderRow("ord-6"))
        .containsEntry("revision", 0L)
        .containsEntry("workflow_started", false);

    ledger.recordOrder(Snapshots.awaiting("ord-6"));

    assertThat(orderRow("ord-6"))
        .containsEntry("revision", 1L)
        .containsEntry("workflow_started", true);
    assertThat(attemptRow("ord-6-a1")).containsEntry("order_id", "ord-6");
  }

  @Test
  void aSnapshotThatFailsPartWayLeavesNoRowOfIt() {
    // a refund of an attempt the snapshot does not carry: refunds.attempt_id has no row to name
    OrderSnapshot broken =
        new OrderSnapshot(
            Snapshots.order(
                "ord-10",
                1,
                OrderStatus.AWAITING_PAYMENT,
                null,
                0,
                0,
                Snapshots.awaiting("ord-10").order().attempts(),
                List.of(Snapshots.autoRefund("ord-10-ghost", 9990, RefundStatus.PENDING))));

    assertThatThrownBy(() -> ledger.recordOrder(broken))
        .isInstanceOf(DataIntegrityViolationException.class);

    // the order and attempt rows were written by other table classes in the same transaction
    assertThat(db.count("orders")).isZero();
    assertThat(db.count("payment_attempts")).isZero();
    assertThat(db.count("refunds")).isZero();
  }

  @Test
  void aShopRefundNamedLikeAnAutomaticRefundIsARowOfItsOwn() {
    OrderSnapshot paid = Snapshots.paidWithDuplicate("ord-7");
    RefundView automatic = paid.order().refunds().get(0);
    RefundView shops =
        new RefundView(
            automatic.refundId(),
            "ord-7-a1",
            1,
            RefundStatus.SUCCEEDED,
            RefundKind.REQUESTED,
            "a hostile shop",
            CREATED_AT + 3_000,
            "0123456789abcdef0123456789abcdef");
    OrderView order = paid.order();
    ledger.recordOrder(
        new OrderSnapshot(
            Snapshots.order(
                "ord-7",
                3,
                OrderStatus.PARTIALLY_REFUNDED,
                order.paidAttemptId(),
                order.capturedMinor(),
                1,
                order.attempts(),
                List.of(automatic, shops))));

    assertThat(allRows("refunds", "kind"))
        .extracting(r -> r.get("kind"), r -> r.get("refund_no"), r -> r.get("amount_minor"))
        .containsExactly(
            tuple("AUTOMATIC", automatic.refundId(), 9990L),
            tuple("REQUESTED", "0123456789abcdef0123456789abcdef", 1L));
  }

  @Test
  void anAttemptClaimedBeforeItsCreateNamesItsOrderAndGivesWayToTheSnapshot() {
    new OrdersTable(db.dataSource())
        .register(
            new OrdersTable.NewOrder(
                "ord-8", "cust-1", Snapshots.AMOUNT, "a pot of tea", CREATED_AT, EXPIRES_AT));
    AttemptsTable attempts = new AttemptsTable(db.dataSource());
    CreatePayment create =
        new CreatePayment("alipay", "ord-8-a1", "ord-8", Snapshots.AMOUNT, "tea", EXPIRES_AT);

    attempts.claim(create);
    assertThat(attemptRow("ord-8-a1"))
        .containsEntry("order_id", "ord-8")
        .containsEntry("channel", "alipay")
        .containsEntry("status", "OPEN");
    assertThat(attempts.orderOf("alipay", "ord-8-a1")).contains("ord-8");

    ledger.recordOrder(Snapshots.awaiting("ord-8"));
    attempts.claim(create); // a retried create claims again: the snapshot's row stays
    assertThat(attemptRow("ord-8-a1")).containsEntry("channel_order_id", "ch-ord-8-a1");
    assertThat(db.count("payment_attempts")).isEqualTo(1);
  }

  @Test
  void findAttemptOwnerTellsTheOrderAndWhetherTheAttemptIsKept() {
    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-7"));

    assertThat(ledger.findAttemptOwner("ord-7-a1")).isEqualTo(new AttemptOwner("ord-7", true));
    assertThat(ledger.findAttemptOwner("ord-7-a2")).isEqualTo(new AttemptOwner("ord-7", false));
    assertThat(ledger.findAttemptOwner("never-seen")).isEqualTo(new AttemptOwner(null, false));
  }

  @Test
  void findOwnerOfTellsTheOrderOfTheAttemptAtItsChannelOnly() {
    ledger.recordOrder(Snapshots.paidWithDuplicate("ord-7"));

    assertThat(ledger.findOwnerOf(new PaymentRef("alipay", "ord-7-a1")))
        .isEqualTo(new AttemptOwner("ord-7", true));
    assertThat(ledger.findOwnerOf(new PaymentRef("wechat", "ord-7-a2")))
        .isEqualTo(new AttemptOwner("ord-7", false));
    // the same merchant order number at another channel is someone else's payment
    assertThat(ledger.findOwnerOf(new PaymentRef("wechat", "ord-7-a1")))
        .isEqualTo(new AttemptOwner(null, false));
    assertThat(ledger.findOwnerOf(new PaymentRef("alipay", "never-seen")))
        .isEqualTo(new AttemptOwner(null, false));
  }

  @Test
  void anAttemptOfAnOrderWithoutPaidAttemptIsNotKept() {
    ledger.recordOrder(Snapshots.awaiting("ord-8"));

    assertThat(ledger.findAttemptOwner("ord-8-a1")).isEqualTo(new AttemptOwner("ord-8", false));
  }

  @Test
  void recordOrphanRefundTwiceWritesOneRow() {
    OrphanRefund refund =
        new OrphanRefund(
            "alipay", "lost-a1", "ord-9", "orphan-lost-a1", new Money(9990, "CNY"), "late payment");

    ledger.recordOrphanRefund(refund);
    ledger.recordOrphanRefund(refund);

    assertThat(db.count("orphan_refunds")).isEqualTo(1);
    assertThat(allRows("orphan_refunds", "refund_no").get(0))
        .containsEntry("channel", "alipay")
        .containsEntry("attempt_id", "lost-a1")
        .containsEntry("refund_no", "orphan-lost-a1")
        .containsEntry("order_id", "ord-9")
        .containsEntry("amount_minor", 9990L)
        .containsEntry("currency", "CNY")
        .containsEntry("reason", "late payment");
  }

  @Test
  void orphanRefundsWithAnotherRefundNumberOrWithoutOrderAreKept() {
    ledger.recordOrphanRefund(
        new OrphanRefund("alipay", "lost-a1", "ord-9", "r-1", new Money(100, "CNY"), "late"));
    ledger.recordOrphanRefund(
        new OrphanRefund("alipay", "lost-a1", "ord-9", "r-2", new Money(200, "CNY"), "late"));
    ledger.recordOrphanRefund(
        new OrphanRefund("wechat", "unknown-a1", null, "r-1", new Money(300, "CNY"), "unknown"));

    assertThat(db.count("orphan_refunds")).isEqualTo(3);
  }
}
