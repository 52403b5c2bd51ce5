package com.payonce.activities.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.ledger.WebhookInbox.Event;
import com.payonce.activities.ledger.WebhookInbox.Receipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookInboxTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private WebhookInbox inbox;

  @BeforeEach
  void setUp() {
    inbox = new WebhookInbox(db.dataSource());
  }

  private static Event event(String channel, String eventId) {
    return new Event(
        channel, eventId, "PAYMENT_SUCCEEDED", "att-1", "{\"eventId\":\"" + eventId + "\"}");
  }

  @Test
  void firstReceiptIsNewAndAfterMarkDeliveredARedeliveryIsDelivered() {
    assertThat(inbox.receive(event("alipay", "evt-1"))).isEqualTo(Receipt.NEW);

    inbox.markDelivered("alipay", "evt-1");

    assertThat(inbox.receive(event("alipay", "evt-1"))).isEqualTo(Receipt.DELIVERED);
    assertThat(db.count("webhook_inbox")).isEqualTo(1);
  }

  @Test
  void seenAgainBeforeMarkDeliveredIsUndelivered() {
    assertThat(inbox.receive(event("alipay", "evt-2"))).isEqualTo(Receipt.NEW);

    assertThat(inbox.receive(event("alipay", "evt-2"))).isEqualTo(Receipt.UNDELIVERED);
    assertThat(inbox.receive(event("alipay", "evt-2"))).isEqualTo(Receipt.UNDELIVERED);
    assertThat(db.count("webhook_inbox")).isEqualTo(1);
  }

  @Test
  void sameEventIdOnAnotherChannelIsAnotherEvent() {
    assertThat(inbox.receive(event("alipay", "evt-3"))).isEqualTo(Receipt.NEW);
    inbox.markDelivered("alipay", "evt-3");

    assertThat(inbox.receive(event("wechat", "evt-3"))).isEqualTo(Receipt.NEW);
    assertThat(db.count("webhook_inbox")).isEqualTo(2);
  }

  @Test
  void firstBodyIsKeptWhenARedeliveryDiffers() {
    inbox.receive(new Event("alipay", "evt-4", "PAYMENT_SUCCEEDED", "att-1", "first"));
    inbox.receive(new Event("alipay", "evt-4", "PAYMENT_SUCCEEDED", "att-1", "second"));

    String body =
        db.jdbc()
            .sql("SELECT body FROM webhook_inbox WHERE channel = 'alipay' AND event_id = 'evt-4'")
            .query(String.class)
            .single();
    assertThat(body).isEqualTo("first");
  }

  @Test
  void concurrentReceivesOfTheSameEventYieldExactlyOneNew() throws Exception {
    int callers = 20;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Receipt>> receipts = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        receipts.add(
            pool.submit(
                () -> {
                  go.await();
                  return inbox.receive(event("alipay", "evt-race"));
                }));
      }
      go.countDown();
      List<Receipt> outcomes = new ArrayList<>();
      for (Future<Receipt> receipt : receipts) {
        outcomes.add(receipt.get(30, TimeUnit.SECONDS));
      }

      assertThat(outcomes).filteredOn(r -> r == Receipt.NEW).hasSize(1);
      assertThat(outcomes).filteredOn(r -> r == Receipt.UNDELIVERED).hasSize(callers - 1);
      assertThat(db.count("webhook_inbox")).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- redelivery ---------------------------------------------------------------------------

  private static final Duration MIN_AGE = Duration.ofSeconds(30);

  /** An event whose delivery failed, received {@code secondsAgo} ago. */
  private void undelivered(String eventId, int secondsAgo) {
    inbox.receive(event("alipay", eventId));
    db.jdbc()
        .sql(
            "UPDATE webhook_inbox SET received_at = now() - make_interval(secs => :ago)"
                + " WHERE event_id = :eventId")
        .param("ago", secondsAgo)
        .param("eventId", eventId)
        .update();
  }

  private boolean delivered(String eventId) {
    return db.jdbc()
        .sql("SELECT delivered_at IS NOT NULL FROM webhook_inbox WHERE event_id = :eventId")
        .param("eventId", eventId)
        .query(Boolean.class)
        .single();
  }

  @Test
  void redeliverHandsOverOldUndeliveredEventsOldestFirst_andMarksThemDelivered() {
    undelivered("evt-old", 120);
    undelivered("evt-older", 300);
    undelivered("evt-young", 5);
    undelivered("evt-done", 600);
    inbox.markDelivered("alipay", "evt-done");
    List<Event> handed = new ArrayList<>();

    int count = inbox.redeliver(MIN_AGE, 10, handed::add);

    assertThat(count).isEqualTo(2);
    assertThat(handed).extracting(Event::eventId).containsExactly("evt-older", "evt-old");
    assertThat(handed.get(0)).as("rebuilt from its row").isEqualTo(event("alipay", "evt-older"));
    assertThat(delivered("evt-older")).isTrue();
    assertThat(delivered("evt-old")).isTrue();
    assertThat(delivered("evt-young")).as("left to its own first delivery").isFalse();
    assertThat(inbox.redeliver(MIN_AGE, 10, handed::add)).isZero();
  }

  @Test
  void redeliverTakesAtMostTheLimit_andAFailedDeliveryStaysUndelivered() {
    undelivered("evt-a", 300);
    undelivered("evt-b", 200);
    undelivered("evt-c", 100);

    int count =
        inbox.redeliver(
            MIN_AGE,
            2,
            e -> {
              if (e.eventId().equals("evt-a")) {
                throw new IllegalStateException("Temporal is down");
              }
            });

    assertThat(count).isEqualTo(1);
    assertThat(delivered("evt-a")).isFalse();
    assertThat(delivered("evt-b")).isTrue();
    assertThat(delivered("evt-c")).as("beyond the limit").isFalse();
  }

  @Test
  void concurrentSweepsNeverTakeTheSameRow() throws Exception {
    undelivered("evt-1", 300);
    undelivered("evt-2", 200);
    CountDownLatch firstSweepHoldsItsRow = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> first = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> firstSweep =
          pool.submit(
              () ->
                  inbox.redeliver(
                      MIN_AGE,
                      1,
                      e -> {
                        first.add(e.eventId());
                        firstSweepHoldsItsRow.countDown();
                        await(release);
                      }));
      assertThat(firstSweepHoldsItsRow.await(30, TimeUnit.SECONDS)).isTrue();

      List<String> second = new ArrayList<>();
      int secondCount = inbox.redeliver(MIN_AGE, 10, e -> second.add(e.eventId()));
      release.countDown();

      assertThat(firstSweep.get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(first).containsExactly("evt-1");
      assertThat(second).as("the row the first sweep holds is skipped").containsExactly("evt-2");
      assertThat(secondCount).isEqualTo(1);
      assertThat(delivered("evt-1")).isTrue();
      assertThat(delivered("evt-2")).isTrue();
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
