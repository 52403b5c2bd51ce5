package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A verified callback whose delivery failed (Temporal was down when it came) is delivered by the
 * sweep, with no re-send from the channel: here the channel drops every webhook, and the inbox row
 * is written as the controller writes it before its delivery threw.
 */
class WebhookRedeliveryApiTest extends ChannelFaultsSupport {

  @Test
  void anUndeliveredPaymentOfAnUnknownAttempt_isDeliveredByTheSweep_andRefunded() {
    fault("alipay", "webhookDropRate", 1.0);
    String merchantOrderNo = uniqueId("swept-orphan");
    strangerPays("alipay", merchantOrderNo, "7.77");
    String eventId = undeliveredPayment("alipay", merchantOrderNo, "7.77");

    awaitOrphanRefunded("alipay", merchantOrderNo, "7.77");
    awaitDelivered("alipay", eventId);
  }

  @Test
  void anUndeliveredPaymentOfAnOrder_isSignalledToItByTheSweep() {
    fault("alipay", "webhookDropRate", 1.0);
    String orderId = newOrder("swept-order", "15.00");
    String attemptId = openAttempt(orderId, "alipay");
    customerPays("alipay", attemptId);
    String eventId = undeliveredPayment("alipay", attemptId, "15.00");

    awaitDelivered("alipay", eventId);
    JsonNode paid = awaitStatus(orderId, "PAID");
    assertThat(text(paid, "paidAttemptId")).isEqualTo(attemptId);
    // the order's own poll finds the payment too: the signal is what shows the sweep delivered it
    assertThat(
            history(orderId).stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
                .map(e -> e.getWorkflowExecutionSignaledEventAttributes().getInput().toString())
                .filter(input -> input.contains(eventId)))
        .hasSize(1);
  }

  /**
   * The row the controller wrote for a verified PAYMENT_SUCCEEDED before its delivery threw, a
   * minute ago; returns its event id.
   */
  private String undeliveredPayment(String channel, String merchantOrderNo, String amount) {
    String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
    String body =
        json(
            "eventId", eventId,
            "type", "PAYMENT_SUCCEEDED",
            "channel", channel,
            "merchantOrderNo", merchantOrderNo,
            "amount", amount,
            "currency", "CNY");
    jdbc()
        .sql(
            """
            INSERT INTO webhook_inbox (channel, event_id, event_type, attempt_id, body, received_at)
            VALUES (:channel, :eventId, 'PAYMENT_SUCCEEDED', :attemptId, :body,
                    now() - interval '1 minute')
            """)
        .param("channel", channel)
        .param("eventId", eventId)
        .param("attemptId", merchantOrderNo)
        .param("body", body)
        .update();
    return eventId;
  }

  private void awaitDelivered(String channel, String eventId) {
    await("the sweep marks event " + eventId + " delivered")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> inboxRow(channel, eventId).orElse(false));
  }
}
