package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.sandbox.webhook.Notification;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Temporal server goes down (SIGTERM) with an order in flight for about 40 s and comes back on
 * the same SQLite file: the worker resumes within seconds, and the order's workflow (same run)
 * keeps the payment the customer made meanwhile.
 */
@EnabledIfSystemProperty(named = "payonce.systemTests", matches = "true")
class TemporalRestartSystemTest {

  /**
   * From the dev server serving again to the order PAID in the ledger: 0.8 s measured, 9.4 s before
   * TemporalReconnectConfiguration (up to a minute, the SDK's poll backoff cap, after a longer outage).
   */
  private static final Duration RESUME_BOUND = Duration.ofSeconds(5);

  @RegisterExtension static final Topology topology = new Topology();

  private final Orders orders = new Orders(topology);

  @Test
  void theCustomerPaysWhileTemporalIsDown() throws Exception {
    String orderId = Orders.newId("st-temporal");
    orders.checkout(orderId, Orders.newId("c"), "12.34").expect(201);
    JsonNode attempt = orders.pay(orderId, "alipay");
    String attemptId = attempt.path("attemptId").asText();
    String runId = topology.client().newUntypedWorkflowStub(orderId).describe().getExecution().getRunId();

    int exitCode = topology.stopTemporal();
    System.out.printf("[system-test] the Temporal dev server exited with %d after SIGTERM%n", exitCode);
    assertThat(topology.temporal().isAlive()).isFalse();
    assertThat(topology.temporalServing()).isFalse();

    JsonNode paid = orders.customerPays(attempt);
    // What the webhook endpoint answers while Temporal is down: a correctly signed
    // PAYMENT_SUCCEEDED for this very capture (as the simulator sends it, own event id), sent with
    // a client timeout long enough to tell a quick 503 from a hang.
    long probeSent = System.nanoTime();
    CompletableFuture<Http.Response> probe =
        CompletableFuture.supplyAsync(() -> signedPaymentWebhook("alipay", attemptId, paid));

    // the simulator's deliveries fail and are retried; each was recorded in the inbox first
    List<Orders.DeliveryFailure> failures =
        Await.until(
            "two failed deliveries of the simulator's webhook for " + attemptId,
            Duration.ofSeconds(60),
            () -> orders.deliveryFailures("alipay", attemptId),
            f -> f.size() >= 2);
    assertThat(failures).allSatisfy(f -> assertThat(f.type()).isEqualTo("PAYMENT_SUCCEEDED"));
    String simulatorEvent = failures.get(0).eventId();
    assertThat(orders.inbox(attemptId))
        .as("received and recorded, but not delivered to the workflow")
        .anySatisfy(row -> {
          assertThat(row.eventId()).isEqualTo(simulatorEvent);
          assertThat(row.delivered()).isFalse();
        });

    Http.Response answer = probe.get(150, TimeUnit.SECONDS);
    long answeredAfterMs = Duration.ofNanos(System.nanoTime() - probeSent).toMillis();
    System.out.printf(
        "[system-test] with Temporal down the webhook endpoint answered %d after %d ms: %s%n"
            + "[system-test] the simulator's deliveries meanwhile failed with: %s%n",
        answer.status(),
        answeredAfterMs,
        answer.body(),
        failures.stream().map(f -> "attempt " + f.attempt() + ": " + f.reason()).toList());
    assertThat(answer.status()).as("webhook answer while Temporal is down").isEqualTo(503);
    assertThat(answeredAfterMs)
        .as("answered within the simulator's 5 s read timeout, so the channel hears the 503")
        .isLessThan(5_000);
    assertThat(answer.json().path("type").asText()).isEqualTo("urn:payonce:problem:temporal-unavailable");
    assertThat(topology.temporalServing()).as("still down when the endpoint answered").isFalse();

    // Away for about 40 s, as a restart or failover of a real cluster may be: until the
    // simulator's seventh delivery has failed (its retries wait 0.5 s, doubling).
    Await.until(
        "the simulator's seventh failed delivery for " + attemptId + " (Temporal away ~40 s)",
        Duration.ofSeconds(90),
        () -> orders.deliveryFailures("alipay", attemptId),
        f -> f.size() >= 7);
    assertThat(topology.temporalServing()).as("still down").isFalse();

    topology.startTemporal();
    // The worker resumes within seconds of the server serving again: the poll timer that fell due
    // while it was down fires at once, its query finds the capture, and the ledger row turns PAID.
    // (The SDK's poll backoff, 100 ms doubling to 1 min while polls failed, and gRPC's reconnect
    // backoff kept it waiting: TemporalReconnectConfiguration.)
    Await.until(
        "the worker resumes after the restart: order " + orderId + " PAID in payonce's ledger",
        RESUME_BOUND,
        () -> orders.orderRow(orderId).map(Orders.OrderRow::status).orElse(null),
        "PAID"::equals);

    Orders.Settled settled = orders.awaitPaidExactlyOnce(orderId, 1234, Duration.ofSeconds(120));
    assertThat(settled.keptAttemptId()).isEqualTo(attemptId);
    assertThat(topology.client().newUntypedWorkflowStub(orderId).describe().getExecution().getRunId())
        .as("the same run, resumed from the SQLite file")
        .isEqualTo(runId);
  }

  /** POSTs a PAYMENT_SUCCEEDED signed as the channel signs it; returns payonce's answer. */
  private static Http.Response signedPaymentWebhook(String channel, String attemptId, JsonNode paid) {
    Notification notification =
        ChannelNotifications.payment(
            channel,
            topology.channelKeys(channel),
            "evt_probe_" + Topology.random(),
            attemptId,
            paid.path("paidAmount").asText());
    return Http.send(
        "POST",
        topology.appUrl("app") + "/webhooks/" + channel,
        ChannelNotifications.body(notification),
        ChannelNotifications.headers(notification),
        Duration.ofSeconds(140));
  }
}
