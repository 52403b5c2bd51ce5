package com.payonce.activities.ledger;

import static com.payonce.activities.ledger.Snapshots.CREATED_AT;
import static com.payonce.activities.ledger.Snapshots.EXPIRES_AT;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.ledger.OrderRegistry.NewOrder;
import com.payonce.activities.ledger.OrderRegistry.RegisteredOrder;
import com.payonce.activities.ledger.OrderRegistry.Registration;
import com.payonce.workflows.money.Money;
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

class OrderRegistryTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private OrderRegistry registry;

  @BeforeEach
  void setUp() {
    registry = new OrderRegistry(db.dataSource());
  }

  private static NewOrder newOrder(String orderId, String customerId, long amountMinor) {
    return new NewOrder(
        orderId, customerId, new Money(amountMinor, "CNY"), "a pot of tea", CREATED_AT, EXPIRES_AT);
  }

  @Test
  void registerInsertsTheOrderOnce() {
    Registration registration = registry.register(newOrder("ord-1", "cust-1", 9990));

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
    Registration first = registry.register(newOrder("ord-2", "cust-1", 9990));

    Registration again = registry.register(newOrder("ord-2", "cust-1", 9990));
    Registration different = registry.register(newOrder("ord-2", "cust-1", 100));

    assertThat(again.inserted()).isFalse();
    assertThat(again.order()).isEqualTo(first.order());
    assertThat(different.inserted()).isFalse();
    assertThat(different.order()).isEqualTo(first.order());
    assertThat(different.order().amount()).isEqualTo(new Money(9990, "CNY"));
    assertThat(db.count("orders")).isEqualTo(1);
  }

  @Test
  void sameAsComparesCustomerAndAmountButNotDescription() {
    RegisteredOrder registered = registry.register(newOrder("ord-3", "cust-1", 9990)).order();

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
                  return registry.register(newOrder("ord-race", "cust-1", amount));
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
    RegisteredOrder stored = registry.find("ord-race").orElseThrow();
    assertThat(winners.get(0).order()).isEqualTo(stored);
    assertThat(registrations).allSatisfy(r -> assertThat(r.order()).isEqualTo(stored));
  }

  @Test
  void markWorkflowStartedSetsTheFlagAndIsIdempotent() {
    registry.register(newOrder("ord-4", "cust-1", 9990));
    assertThat(registry.find("ord-4").orElseThrow().workflowStarted()).isFalse();

    registry.markWorkflowStarted("ord-4");
    registry.markWorkflowStarted("ord-4");
    registry.markWorkflowStarted("no-such-order");

    assertThat(registry.find("ord-4").orElseThrow().workflowStarted()).isTrue();
    assertThat(registry.register(newOrder("ord-4", "cust-1", 9990)).order().workflowStarted())
        .isTrue();
    assertThat(db.count("orders")).isEqualTo(1);
  }

  @Test
  void timesAreStoredAsInstantsWhateverTheJvmTimeZone() {
    TimeZone original = TimeZone.getDefault();
    RegisteredOrder registered;
    try {
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
      registered = registry.register(newOrder("ord-tz", "cust-1", 9990)).order();
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
    assertThat(registry.find("ord-tz").orElseThrow().createdAtMillis()).isEqualTo(CREATED_AT);
  }

  @Test
  void findOfAnUnknownOrderIsEmpty() {
    assertThat(registry.find("no-such-order")).isEmpty();
  }

  @Test
  void orderOfAttemptIsKnownOnceASnapshotRecordedTheAttempt() {
    registry.register(newOrder("ord-5", "cust-1", 9990));
    assertThat(registry.orderOfAttempt("alipay", "ord-5-a1")).isEmpty();

    new LedgerActivitiesImpl(db.dataSource()).recordOrder(Snapshots.paidWithDuplicate("ord-5"));

    assertThat(registry.orderOfAttempt("alipay", "ord-5-a1")).contains("ord-5");
    assertThat(registry.orderOfAttempt("wechat", "ord-5-a2")).contains("ord-5");
    assertThat(registry.orderOfAttempt("alipay", "never-opened")).isEmpty();
  }

  @Test
  void theSameNumberAtAnotherChannelIsNotTheAttempt() {
    new LedgerActivitiesImpl(db.dataSource()).recordOrder(Snapshots.paidWithDuplicate("ord-6"));

    assertThat(registry.orderOfAttempt("wechat", "ord-6-a1")).isEmpty();
    assertThat(registry.orderOfAttempt("alipay", "ord-6-a2")).isEmpty();
  }
}
