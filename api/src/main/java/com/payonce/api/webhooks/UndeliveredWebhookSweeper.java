package com.payonce.api.webhooks;

import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.ledger.WebhookInbox;
import com.payonce.api.config.PayonceProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers again the inbox rows whose delivery failed (Temporal down, the process died between the
 * insert and the signal). Without it such an event waited for the channel to send it again, which a
 * channel that got its 503s long ago may never do. The row was verified on receipt, so the event is
 * rebuilt from its columns and goes through the same {@link WebhookDelivery}.
 */
@Component
class UndeliveredWebhookSweeper {
  private static final Logger log = LoggerFactory.getLogger(UndeliveredWebhookSweeper.class);

  private final WebhookInbox inbox;
  private final WebhookDelivery delivery;
  private final PayonceProperties.Redelivery settings;

  UndeliveredWebhookSweeper(
      WebhookInbox inbox, WebhookDelivery delivery, PayonceProperties properties) {
    this.inbox = inbox;
    this.delivery = delivery;
    this.settings = properties.webhooks().redelivery();
  }

  @Scheduled(
      initialDelayString = "${payonce.webhooks.redelivery.interval:10s}",
      fixedDelayString = "${payonce.webhooks.redelivery.interval:10s}")
  void sweep() {
    int delivered =
        inbox.redeliver(
            settings.minAge(),
            settings.batchSize(),
            row ->
                delivery.deliver(
                    row.channel(),
                    new WebhookEvent(
                        row.eventId(),
                        WebhookEvent.Type.valueOf(row.eventType()),
                        row.attemptId())));
    if (delivered > 0) {
      log.info("delivered {} webhook events whose first delivery had failed", delivered);
    }
  }
}
