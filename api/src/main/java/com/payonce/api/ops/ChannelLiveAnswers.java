package com.payonce.api.ops;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.order.AttemptView;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * What each attempt's channel says of it now, asked through its adapter's query (read-only at the
 * PSP). All attempts at once, within one deadline: a channel that fails, is slow or is no longer
 * configured is "unavailable" on the page, which still renders. A late answer is dropped; its call
 * ends at the channel's own read timeout.
 */
@Component
@ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
class ChannelLiveAnswers {
  private static final Logger log = LoggerFactory.getLogger(ChannelLiveAnswers.class);

  private final PaymentChannels channels;
  private final Duration deadline;
  private final ExecutorService calls;

  ChannelLiveAnswers(PaymentChannels channels, OpsProperties properties) {
    this.channels = channels;
    this.deadline = properties.channelDeadline();
    AtomicInteger threads = new AtomicInteger();
    this.calls =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "ops-channel-query-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** By attempt id; empty where the channel gave no answer in time. */
  Map<String, Optional<ChannelPayment>> of(List<AttemptView> attempts) {
    Map<String, CompletableFuture<ChannelPayment>> asked = new LinkedHashMap<>();
    for (AttemptView attempt : attempts) {
      asked.put(
          attempt.attemptId(),
          CompletableFuture.supplyAsync(
              () -> channels.get(attempt.channel()).query(attempt.attemptId()), calls));
    }
    long until = System.nanoTime() + deadline.toNanos();
    Map<String, Optional<ChannelPayment>> answers = new LinkedHashMap<>();
    asked.forEach(
        (attemptId, answer) -> {
          long left = Math.max(0, until - System.nanoTime());
          try {
            answers.put(attemptId, Optional.ofNullable(answer.get(left, TimeUnit.NANOSECONDS)));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answers.put(attemptId, Optional.empty());
          } catch (Exception e) {
            log.info("ops console: no channel answer for attempt {}: {}", attemptId, e.toString());
            answers.put(attemptId, Optional.empty());
          }
        });
    return answers;
  }

  @PreDestroy
  void stop() {
    calls.shutdownNow();
  }
}
