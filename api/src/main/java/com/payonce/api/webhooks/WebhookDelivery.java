package com.payonce.api.webhooks;

import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.ledger.AttemptsTable;
import com.payonce.workflows.order.ChannelAnswer;
import com.payonce.workflows.order.ChannelEvent;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import com.payonce.workflows.orphan.OrphanPayment;
import com.payonce.workflows.orphan.OrphanPaymentWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands a verified callback to the workflow that owns its attempt. A payment no running workflow
 * can take (its order finished, or payonce never opened the attempt) goes to an orphan workflow,
 * which confirms it with the channel and refunds it.
 */
@Component
class WebhookDelivery {
  private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

  /** A channel waits a few seconds for an answer: past that, a 503 it can retry beats a timeout. */
  private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(2);

  private final WorkflowServiceStubs stubs;
  private final WorkflowClient temporal;
  private final AttemptsTable attempts;
  private final WebhookConfirmation confirmation;

  /**
   * Uses its own connection whose calls give up after about {@link #GIVE_UP_AFTER} (by default the
   * SDK waits 10 s per try, and for the server's capabilities, and retries for a minute), so a
   * channel hears 503 while Temporal is down.
   */
  WebhookDelivery(
      WorkflowClient temporal, AttemptsTable attempts, WebhookConfirmation confirmation) {
    WorkflowServiceStubsOptions shared = temporal.getWorkflowServiceStubs().getOptions();
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder(shared)
                .setRpcTimeout(GIVE_UP_AFTER.dividedBy(2))
                .setSystemInfoTimeout(GIVE_UP_AFTER.dividedBy(2))
                .setRpcRetryOptions(
                    RpcRetryOptions.newBuilder()
                        .setExpiration(GIVE_UP_AFTER)
                        .validateBuildWithDefaults())
                .build());
    this.temporal = WorkflowClient.newInstance(stubs, temporal.getOptions());
    this.attempts = attempts;
    this.confirmation = confirmation;
  }

  @PreDestroy
  void close() {
    stubs.shutdown();
  }

  void deliver(String channel, WebhookEvent event) {
    Optional<String> orderId = attempts.orderOf(channel, event.attemptId());
    if (orderId.isPresent() && signal(orderId.get(), channel, event)) {
      return;
    }
    if (event.type() == WebhookEvent.Type.PAYMENT_SUCCEEDED) {
      startOrphan(channel, event);
    } else {
      log.info("refund event {} for a finished or unknown order: nothing to do", event.eventId());
    }
  }

  /** Returns false when the order's workflow has finished. */
  private boolean signal(String orderId, String channel, WebhookEvent event) {
    ChannelEvent.Type type =
        event.type() == WebhookEvent.Type.PAYMENT_SUCCEEDED
            ? ChannelEvent.Type.PAYMENT
            : ChannelEvent.Type.REFUND;
    ChannelAnswer confirmed =
        type == ChannelEvent.Type.PAYMENT ? confirmation.ask(channel, event.attemptId()) : null;
    try {
      temporal
          .newWorkflowStub(OrderPaymentWorkflow.class, orderId)
          .channelEvent(
              new ChannelEvent(event.attemptId(), event.eventId(), type, channel, confirmed));
      return true;
    } catch (WorkflowNotFoundException e) {
      return false;
    }
  }

  private void startOrphan(String channel, WebhookEvent event) {
    log.warn(
        "payment event {} on {} for attempt {} has no running order: refunding it",
        event.eventId(),
        channel,
        event.attemptId());
    OrphanPaymentWorkflow.start(
        temporal, new OrphanPayment(channel, event.attemptId(), event.eventId()));
  }
}
