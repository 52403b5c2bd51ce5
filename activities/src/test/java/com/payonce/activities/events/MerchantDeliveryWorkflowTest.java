package com.payonce.activities.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.activities.ledger.LedgerActivitiesImpl;
import com.payonce.activities.ledger.Snapshots;
import com.payonce.activities.ledger.TestDatabase;
import com.payonce.workflows.events.MerchantDeliveryRun;
import com.payonce.workflows.events.MerchantDeliveryWorkflow;
import com.payonce.workflows.events.MerchantDeliveryWorkflowImpl;
import com.sun.net.httpserver.HttpServer;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery workflow on Temporal's time-skipping test server with the real activities, ledger
 * and an HTTP endpoint: an endpoint down for hours gets everything, in order, once it is back; one
 * down for good has each event given up after the retry period, and the order's next events still
 * go out.
 */
class MerchantDeliveryWorkflowTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();
  private static final Duration RETRY_FOR = Duration.ofDays(3);

  private TestWorkflowEnvironment env;
  private HttpServer shop;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private volatile LongPredicate upAt = t -> true;
  private LedgerActivitiesImpl ledger;
  private MerchantDeliveriesTable deliveries;

  @BeforeEach
  void setUp() throws Exception {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(MerchantDeliveryWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MerchantDeliveryWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new MerchantDeliveryActivitiesImpl(
            db.dataSource(), Clock.systemUTC(), Duration.ofSeconds(10)));
    env.start();
    shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    shop.createContext(
        "/hook",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          boolean up = upAt.test(env.currentTimeMillis());
          if (up) {
            received.add(exchange.getRequestHeaders().getFirst("Payonce-Event-Type") + " " + body);
          }
          exchange.sendResponseHeaders(up ? 204 : 503, -1);
          exchange.close();
        });
    shop.start();
    new MerchantEndpointsTable(db.dataSource())
        .createWithin(
            10, "we_t", "http://127.0.0.1:" + shop.getAddress().getPort() + "/hook", "whsec_t");
    ledger =
        new LedgerActivitiesImpl(
            db.dataSource(),
            (endpointId, orderId) ->
                MerchantDeliveryWorkflow.wake(
                    env.getWorkflowClient(),
                    new MerchantDeliveryRun(endpointId, orderId, RETRY_FOR.toMillis(), 10_000)));
    deliveries = new MerchantDeliveriesTable(db.dataSource());
  }

  @AfterEach
  void tearDown() {
    env.close();
    shop.stop(0);
  }

  /** Blocks until the run ends, letting the test server skip the retries' waits. */
  private void awaitRunEnd(String orderId) {
    env.getWorkflowClient()
        .newUntypedWorkflowStub(MerchantDeliveryWorkflow.workflowId("we_t", orderId))
        .getResult(Void.class);
  }

  private Map<String, Object> delivery(String orderId, String type) {
    return db.jdbc()
        .sql(
            """
            SELECT d.* FROM merchant_deliveries d JOIN order_events e USING (event_id)
            WHERE d.order_id = :orderId AND e.type = :type
            """)
        .param("orderId", orderId)
        .param("type", type)
        .query()
        .singleRow();
  }

  @Test
  void anEndpointDownForHoursGetsEverythingInOrderOnceBack() {
    long backAt = env.currentTimeMillis() + Duration.ofHours(5).toMillis();
    upAt = t -> t >= backAt;
    ledger.recordOrder(Snapshots.paidWithDuplicate("o-down"));
    ledger.recordOrder(Snapshots.duplicateRefunded("o-down"));
    awaitRunEnd("o-down");

    assertThat(env.currentTimeMillis()).isGreaterThanOrEqualTo(backAt);
    assertThat(received)
        .extracting(r -> r.substring(0, r.indexOf(' ')))
        .containsExactly("order.paid", "payment.refunded_automatically");
    Map<String, Object> paid = delivery("o-down", "order.paid");
    assertThat(paid.get("status")).isEqualTo("DELIVERED");
    assertThat((Integer) paid.get("attempts"))
        .isGreaterThan(10); // 10 s doubling, then every 30 min
    assertThat(paid.get("last_response_status")).isEqualTo(204);
    assertThat(delivery("o-down", "payment.refunded_automatically").get("status"))
        .isEqualTo("DELIVERED");
  }

  /** The review's finding: the request timeout ends at the headers; a trickled body held a slot. */
  @Test
  void anEndpointTricklingItsAnswerIsCutOffAtTheDeadline() throws Exception {
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.createContext(
        "/slow",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(200, 0);
          try (var body = exchange.getResponseBody()) {
            for (int i = 0; i < 60; i++) {
              body.write('.');
              body.flush();
              Thread.sleep(500); // the hostile endpoint's pace, not a wait for a result
            }
          } catch (InterruptedException | java.io.IOException e) {
            // the client hung up: what this test wants
          }
        });
    slow.start();
    try {
      new MerchantEndpointsTable(db.dataSource())
          .createWithin(
              10,
              "we_slow",
              "http://127.0.0.1:" + slow.getAddress().getPort() + "/slow",
              "whsec_s");
      new LedgerActivitiesImpl(db.dataSource()).recordOrder(Snapshots.paidWithDuplicate("o-slow"));
      long eventId = deliveries.pending("we_slow", "o-slow", 10).get(0);
      MerchantDeliveryActivitiesImpl post =
          new MerchantDeliveryActivitiesImpl(
              db.dataSource(), Clock.systemUTC(), Duration.ofSeconds(1));

      long start = System.nanoTime();
      assertThatThrownBy(() -> post.deliverPending("we_slow", "o-slow", 5))
          .hasMessageContaining("no complete answer within 1 s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(deliveries.pending("we_slow", "o-slow", 10)).containsExactly(eventId);
    } finally {
      slow.stop(0);
    }
  }

  @Test
  void anEndpointDownForGoodHasEachEventGivenUpAfterTheRetryPeriod() {
    long start = env.currentTimeMillis();
    upAt = t -> false;
    ledger.recordOrder(Snapshots.paidWithDuplicate("o-gone"));
    awaitRunEnd("o-gone");

    assertThat(env.currentTimeMillis() - start).isGreaterThanOrEqualTo(RETRY_FOR.toMillis());
    Map<String, Object> paid = delivery("o-gone", "order.paid");
    assertThat(paid.get("status")).isEqualTo("FAILED");
    assertThat(paid.get("last_response_status")).isEqualTo(503);
    assertThat(received).isEmpty();

    // back up: the order's next event goes out, and the shop replays the one it lost
    upAt = t -> true;
    ledger.recordOrder(Snapshots.duplicateRefunded("o-gone"));
    deliveries.redeliver(((Number) paid.get("event_id")).longValue());
    awaitRunEnd("o-gone");
    assertThat(received)
        .extracting(r -> r.substring(0, r.indexOf(' ')))
        .containsExactlyInAnyOrder("payment.refunded_automatically", "order.paid");
    assertThat(delivery("o-gone", "order.paid").get("status")).isEqualTo("DELIVERED");
  }
}
