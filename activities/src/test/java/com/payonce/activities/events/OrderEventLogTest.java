package com.payonce.activities.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.ledger.LedgerActivitiesImpl;
import com.payonce.activities.ledger.Snapshots;
import com.payonce.activities.ledger.TestDatabase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each ledger snapshot adds the events of what it changed, once: a retried or older snapshot adds
 * nothing, and shops get deliveries of their events only.
 */
class OrderEventLogTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private final List<String> woken = new CopyOnWriteArrayList<>();
  private LedgerActivitiesImpl ledger;
  private OrderEventsTable events;

  @BeforeEach
  void setUp() {
    ledger = new LedgerActivitiesImpl(db.dataSource(), (e, o) -> woken.add(e + "/" + o));
    events = new OrderEventsTable(db.dataSource());
  }

  private List<String> types(String orderId) {
    return events.ofOrder(orderId, 0, 100).stream().map(OrderEvent::type).toList();
  }

  @Test
  void eachChangeIsOneEventAndARetriedOrOlderSnapshotAddsNone() {
    ledger.recordOrder(Snapshots.awaiting("o-1"));
    assertThat(types("o-1")).containsExactly("attempt.opened");

    ledger.recordOrder(Snapshots.paidWithDuplicate("o-1"));
    ledger.recordOrder(Snapshots.paidWithDuplicate("o-1")); // a retried local activity
    assertThat(types("o-1"))
        .containsExactly("attempt.opened", "attempt.paid", "attempt.paid", "order.paid");

    ledger.recordOrder(Snapshots.duplicateRefunded("o-1"));
    ledger.recordOrder(Snapshots.awaiting("o-1")); // older: refused whole
    assertThat(types("o-1"))
        .containsExactly(
            "attempt.opened",
            "attempt.paid",
            "attempt.paid",
            "order.paid",
            "attempt.refunded",
            "payment.refunded_automatically");
    assertThat(woken).isEmpty(); // no endpoint
  }

  /** The review's finding: a redelivery kept its attempts, so the sweep took it for busy. */
  @Test
  void aRedeliveryWhoseWakeUpIsLostIsSweptLikeANewDelivery() {
    new MerchantEndpointsTable(db.dataSource())
        .createWithin(1, "we_a", "https://a.example/hook", "whsec_a");
    MerchantDeliveriesTable deliveries = new MerchantDeliveriesTable(db.dataSource());
    ledger.recordOrder(Snapshots.paidWithDuplicate("o-3"));
    long paid = deliveries.pending("we_a", "o-3", 10).get(0);
    assertThat(deliveries.startAttempt("we_a", paid)).isTrue();
    deliveries.delivered("we_a", paid, 200);

    assertThat(deliveries.redeliver(paid)).hasSize(1); // and its wake-up is lost
    ledger.recordOrder(Snapshots.duplicateRefunded("o-3")); // this one's too
    assertThat(deliveries.stalled(java.time.Duration.ZERO, 10))
        .containsExactly(new MerchantDeliveriesTable.Target("we_a", "o-3"));
    assertThat(deliveries.pending("we_a", "o-3", 10)).hasSize(2);
  }

  @Test
  void enabledEndpointsGetTheShopsEventsAndAreWokenAfterTheCommit() {
    MerchantEndpointsTable endpoints = new MerchantEndpointsTable(db.dataSource());
    assertThat(endpoints.createWithin(2, "we_a", "https://a.example/hook", "whsec_a")).isTrue();
    assertThat(endpoints.createWithin(2, "we_b", "https://b.example/hook", "whsec_b")).isTrue();
    assertThat(endpoints.createWithin(2, "we_c", "https://c.example/hook", "whsec_c")).isFalse();
    endpoints.disable("we_b");

    ledger.recordOrder(Snapshots.awaiting("o-2"));
    assertThat(woken).isEmpty(); // attempt.* is the customer's page's
    ledger.recordOrder(Snapshots.paidWithDuplicate("o-2"));
    assertThat(woken).containsExactly("we_a/o-2");
    ledger.recordOrder(Snapshots.paidWithDuplicate("o-2"));
    assertThat(woken).hasSize(1);

    MerchantDeliveriesTable deliveries = new MerchantDeliveriesTable(db.dataSource());
    List<Long> pending = deliveries.pending("we_a", "o-2", 10);
    assertThat(pending).hasSize(1);
    OrderEvent paid = events.find(pending.get(0)).orElseThrow();
    assertThat(paid.type()).isEqualTo("order.paid");
    assertThat(paid.body())
        .startsWith(
            "{\"id\":\"" + paid.eventId() + "\",\"type\":\"order.paid\",\"orderId\":\"o-2\"")
        .contains("\"status\":\"PAID\"", "\"capturedAmount\":\"199.80\"")
        .isEqualTo(events.find(paid.eventId()).orElseThrow().body());
    assertThat(deliveries.pending("we_b", "o-2", 10)).isEmpty();
  }
}
