package com.payonce.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.ledger.WebhookInbox.Event;
import com.payonce.ledger.WebhookInbox.Receipt;
import java.util.ArrayList;
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
}
