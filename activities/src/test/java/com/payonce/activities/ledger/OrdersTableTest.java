package com.payonce.activities.ledger;

import static com.payonce.activities.ledger.Snapshots.CREATED_AT;
import static com.payonce.activities.ledger.Snapshots.EXPIRES_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.ledger.OrdersTable.NewOrder;
import com.payonce.activities.ledger.OrdersTable.RegisteredOrder;
import com.payonce.activities.ledger.OrdersTable.Registration;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OrdersTableTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private OrdersTable orders;

  @BeforeEach
  void setUp() {
    orders = new OrdersTable(db.dataSource());
  }

  private static NewOrder newOrder(String orderId, String customerId, long amountMinor) {
    return new NewOrder(
        orderId, customerId, new Money(amountMinor, "CNY"), "a pot of tea", CREATED_AT, EXPIRES_AT);
  }

  @Test
  void registerInsertsTheOrderOnce() {
    Registration registration = orders.register(newOrder("ord-1", "cust-1", 9990));

    assertThat(registration.inserted()).isTrue();
    assertThat(registration.order())
        .isEqualTo(
            new RegisteredOrder(
                "ord-1",
                "cust-1",
                new Money(9990, "CNY"),
                "a pot of tea",
                CREATED_AT,
                EXPIRES_AT,
                false));
    assertThat(db.count("orders")).isEqualTo(1);
    String status =
        db.jdbc()
            .sql("SELECT status FROM orders WHERE order_id = 'ord-1'")
            .query(String.class)
            .single();
    assertThat(status).isEqualTo("AWAITING_PAYMENT");
  }

  @Test
  void aSecondRegisterOfTheSameIdReturnsTheFirstRow() {
    Registration first = orders.register(newOrder("ord-2", "cust-1", 9990));

    Registration again = orders.register(newOrder("ord-2", "cust-1", 9990));
    Registration different = orders.register(newOrder("ord-2", "cust-1", 100));

    assertThat(again.inserted()).isFalse();
    assertThat(again.order()).isEqualTo(first.order());
    assertThat(different.inserted()).isFalse();
    assertThat(different.order()).isEqualTo(first.order());
    assertThat(different.order().amount()).isEqualTo(new Money(9990, "CNY"));
    assertThat(db.count("orders")).isEqualTo(1);
  }

  @Test
  void sameAsComparesCustomerAndAmountButNotDescription() {
    RegisteredOrder registered = orders.register(newOrder("ord-3", "cust-1", 9990)).order();

    NewOrder otherDescription =
        new NewOrder(
            "ord-3", "cust-1", new Money(9990, "CNY"), "another text", CREATED_AT, EXPIRES_AT);
    assertThat(registered.sameAs(otherDescription)).isTrue();
    assertThat(registered.sameAs(newOrder("ord-3", "cust-1", 9990))).isTrue();
    assertThat(registered.sameAs(newOrder("ord-3", "cust-1", 100))).isFalse();
    assertThat(registered.sameAs(newOrder("ord-3", "cust-2", 9990))).isFalse();
    NewOrder otherCurrency =
        new NewOrder(
            "ord-3", "cust-1", new Money(9990, "USD"), "a pot of tea", CREATED_AT, EXPIRES_AT);
    assertThat(registered.sameAs(otherCurrency)).isFalse();
  }

  @Test
  void concurrentRegistersOfTheSameIdInsertExactlyOnce() throws Exception {
    int callers = 50;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Registration> registrations = new ArrayList<>();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Registration>> futures = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        long amount = 1000 + i; // every caller asks for a different amount
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return orders.register(newOrder("ord-race", "cust-1", amount));
                }));
      }
      go.countDown();
      for (Future<Registration> future : futures) {
        registrations.add(future.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }

    List<Registration> winners = registrations.stream().filter(Registration::inserted).toList();
    assertThat(winners).hasSize(1);
    assertThat(db.count("orders")).isEqualTo(1);
    RegisteredOrder stored = orders.find("ord-race").orElseThrow();
    assertThat(winners.get(0).order()).isEqualTo(stored);
    assertThat(registrations).allSatisfy(r -> assertThat(r.order()).isEqualTo(stored));
  }

  @Test
  void markWorkflowStartedSetsTheFlagAndIsIdempotent() {
    orders.register(newOrder("ord-4", "cust-1", 9990));
    assertThat(orders.find("ord-4").orElseThrow().workflowStarted()).isFalse();

    orders.markWorkflowStarted("ord-4");
    orders.markWorkflowStarted("ord-4");
    orders.markWorkflowStarted("no-such-order");

    assertThat(orders.find("ord-4").orElseThrow().workflowStarted()).isTrue();
    assertThat(orders.register(newOrder("ord-4", "cust-1", 9990)).order().workflowStarted())
        .isTrue();
    assertThat(db.count("orders")).isEqualTo(1);
  }

  @Test
  void timesAreStoredAsInstantsWhateverTheJvmTimeZone() {
    TimeZone original = TimeZone.getDefault();
    RegisteredOrder registered;
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
      registered = orders.register(newOrder("ord-tz", "cust-1", 9990)).order();
    } finally {
      TimeZone.setDefault(original);
    }

    assertThat(registered.createdAtMillis()).isEqualTo(CREATED_AT);
    assertThat(registered.expiresAtMillis()).isEqualTo(EXPIRES_AT);
    long storedCreatedAt =
        db.jdbc()
            .sql(
                "SELECT (extract(epoch FROM created_at) * 1000)::bigint FROM orders"
                    + " WHERE order_id = 'ord-tz'")
            .query(Long.class)
            .single();
    assertThat(storedCreatedAt).isEqualTo(CREATED_AT);
    assertThat(orders.find("ord-tz").orElseThrow().createdAtMillis()).isEqualTo(CREATED_AT);
  }

  @Test
  void findOfAnUnknownOrderIsEmpty() {
    assertThat(orders.find("no-such-order")).isEmpty();
  }

  @Test
  void upsertLandsOnlyANewerRevision() {
    OrderView first = Snapshots.paidWithDuplicate("ord-7").order();
    OrderView older = Snapshots.awaiting("ord-7").order();
    OrderView newer = Snapshots.duplicateRefunded("ord-7").order();

    assertThat(orders.upsert(first)).as("a new order").isEqualTo(1);
    assertThat(orders.upsert(first)).as("the same revision again").isZero();
    assertThat(orders.upsert(older)).as("an older revision").isZero();
    assertThat(orders.upsert(newer)).as("a newer revision").isEqualTo(1);

    assertThat(orders.find("ord-7").orElseThrow().workflowStarted()).isTrue();
    assertThat(orders.findView("ord-7", List.of(), List.of()).orElseThrow())
        .isEqualTo(
            Snapshots.order(
                "ord-7", 3, OrderStatus.PAID, "ord-7-a1", 19980, 9990, List.of(), List.of()));
  }
}
