package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The app (API, webhooks and the only worker) is killed with SIGKILL in the middle of an order's
 * saga; the customer pays while it is down; a new app process on the same database and Temporal
 * server finishes the order: exactly one payment kept, every book in agreement.
 */
@EnabledIfSystemProperty(named = "payonce.systemTests", matches = "true")
class WorkerKilledSystemTest {

  @RegisterExtension static final Topology topology = new Topology();

  private final Orders orders = new Orders(topology);

  @AfterEach
  void appRunsAndChannelsAreHonest() {
    if (!topology.app("app").isAlive()) {
      topology.startApp("app");
    }
    orders.resetChannels();
  }

  @Test
  void theCustomerPaysWhileTheAppIsDead() throws Exception {
    String orderId = Orders.newId("st-kill");
    orders.checkout(orderId, Orders.newId("c"), "99.90").expect(201);
    JsonNode attempt = orders.pay(orderId, "alipay");
    String attemptId = attempt.path("attemptId").asText();
    long oldPid = topology.app("app").pid();

    topology.killApp("app");
    assertThat(topology.app("app").isAlive()).isFalse();
    orders.customerPays(attempt);

    // the simulator's webhook finds nobody and is retried
    List<Orders.DeliveryFailure> failures =
        Await.until(
            "the simulator's webhook for " + attemptId + " fails while the app is down",
            Duration.ofSeconds(30),
            () -> orders.deliveryFailures("alipay", attemptId),
            f -> !f.isEmpty());
    assertThat(failures.get(0).type()).isEqualTo("PAYMENT_SUCCEEDED");
    assertThat(failures.get(0).reason()).contains("ConnectException");
    assertThat(orders.inbox(attemptId)).as("nothing reached payonce yet").isEmpty();

    topology.startApp("app");
    assertThat(topology.app("app").pid()).isNotEqualTo(oldPid);

    Orders.Settled settled = orders.awaitPaidExactlyOnce(orderId, 9990, Duration.ofSeconds(90));
    assertThat(settled.keptAttemptId()).isEqualTo(attemptId);
    assertThat(settled.attempts()).singleElement().extracting(Orders.AttemptRow::status).isEqualTo("PAID");

    // the simulator kept retrying, and a retry reached the new process: recorded once, delivered
    List<Orders.InboxRow> inbox =
        Await.until(
            "a retried webhook for " + attemptId + " is delivered to the new app",
            Duration.ofSeconds(90),
            () -> orders.inbox(attemptId),
            rows -> rows.size() == 1 && rows.get(0).delivered());
    assertThat(inbox.get(0).eventId()).isEqualTo(failures.get(0).eventId());
    assertThat(orders.deliveryFailures("alipay", attemptId))
        .as("retries of the same event")
        .allSatisfy(f -> assertThat(f.eventId()).isEqualTo(failures.get(0).eventId()));
  }

  @Test
  void theCustomerPaysBothChannelsWhileTheAppIsDead() throws Exception {
    // closes answer CLOSED but leave the order payable: how duplicate payments happen
    orders.channelSettings("alipay", "{\"closeHonored\":false}");
    orders.channelSettings("wechat", "{\"closeHonored\":false}");
    String orderId = Orders.newId("st-kill-dup");
    orders.checkout(orderId, Orders.newId("c"), "50.00").expect(201);
    JsonNode alipay = orders.pay(orderId, "alipay");
    JsonNode wechat = orders.pay(orderId, "wechat");
    String alipayId = alipay.path("attemptId").asText();
    String wechatId = wechat.path("attemptId").asText();
    assertThat(orders.order(orderId).path("attempts"))
        .as("the switch closed the alipay attempt (as far as payonce knows)")
        .anySatisfy(a -> {
          assertThat(a.path("attemptId").asText()).isEqualTo(alipayId);
          assertThat(a.path("status").asText()).isEqualTo("CLOSED");
        });

    topology.killApp("app");
    orders.customerPays(wechat);
    orders.customerPays(alipay);
    topology.startApp("app");

    Orders.Settled settled = orders.awaitPaidExactlyOnce(orderId, 5000, Duration.ofSeconds(120));
    String refundedId = settled.keptAttemptId().equals(alipayId) ? wechatId : alipayId;
    assertThat(Set.of(settled.keptAttemptId(), refundedId)).containsExactlyInAnyOrder(alipayId, wechatId);
    // both captured at their channels, the one not kept given back in full
    assertThat(settled.channels().get(settled.keptAttemptId())).isEqualTo(new Orders.Books(5000, 0));
    assertThat(settled.channels().get(refundedId)).isEqualTo(new Orders.Books(5000, 5000));
    assertThat(settled.attempts())
        .filteredOn(a -> a.attemptId().equals(refundedId))
        .singleElement()
        .extracting(Orders.AttemptRow::status)
        .isEqualTo("REFUNDED");
    // refunded by the order's workflow, under the refund number the channel deduplicates on
    assertThat(settled.order().path("refunds"))
        .anySatisfy(r -> {
          assertThat(r.path("refundId").asText()).isEqualTo("auto-" + refundedId);
          assertThat(r.path("status").asText()).isEqualTo("SUCCEEDED");
        });
  }
}
