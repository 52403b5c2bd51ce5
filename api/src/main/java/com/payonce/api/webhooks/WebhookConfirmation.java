package com.payonce.api.webhooks;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.api.config.PayonceProperties;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.order.ChannelAnswer;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Asks the channel's query about a verified payment callback before it is signalled, so the order
 * settles in the workflow task that receives it (workflow version {@code settle-in-one-task}). The
 * channel waits for the webhook's reply, so the question has a deadline of its own; no answer in
 * time, an error, or too many questions at once, and the signal goes without it: the workflow then
 * asks, as it always did.
 */
@Component
class WebhookConfirmation {
  private static final Logger log = LoggerFactory.getLogger(WebhookConfirmation.class);

  private final PaymentChannels channels;
  private final boolean enabled;
  private final Duration within;
  private final ExecutorService questions =
      new ThreadPoolExecutor(
          0,
          16,
          60,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "webhook-confirmation");
            t.setDaemon(true);
            return t;
          });

  WebhookConfirmation(PaymentChannels channels, PayonceProperties properties) {
    this.channels = channels;
    this.enabled = properties.webhooks().askChannel();
    this.within = properties.webhooks().askChannelWithin();
  }

  @PreDestroy
  void close() {
    questions.shutdownNow();
  }

  /** The channel's answer about the attempt, or null (not asked, or no answer in time). */
  ChannelAnswer ask(String channel, String attemptId) {
    if (!enabled) {
      return null;
    }
    long askedAt = System.currentTimeMillis();
    Future<ChannelPayment> answer;
    try {
      answer = questions.submit(() -> channels.get(channel).query(attemptId));
    } catch (RejectedExecutionException e) {
      return null;
    }
    try {
      return new ChannelAnswer(answer.get(within.toMillis(), TimeUnit.MILLISECONDS), askedAt);
    } catch (TimeoutException e) {
      answer.cancel(true);
      log.info(
          "query of attempt {} at {} took over {}: the order asks", attemptId, channel, within);
    } catch (ExecutionException e) {
      log.info(
          "query of attempt {} at {} failed: the order asks: {}",
          attemptId,
          channel,
          e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
