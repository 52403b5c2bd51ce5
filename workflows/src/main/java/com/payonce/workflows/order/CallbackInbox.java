package com.payonce.workflows.order;

import com.payonce.workflows.channel.ChannelPayment;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * What happens when a channel's callback arrives. The webhook endpoint has checked its signature;
 * the signal only queues it (a redelivered one may come twice), and the run loop hands it over here
 * under the lock. It is a hint, never a fact: a payment callback makes the order ask the channel's
 * query ({@link ChannelWatch#confirm}; under version "settle-in-one-task" a callback that carries
 * the query answer payonce's webhook endpoint asked for is acted on at once), a refund callback
 * makes it ask about that attempt's refunds.
 */
final class CallbackInbox {
  private static final Logger log = Workflow.getLogger(CallbackInbox.class);

  private final Deque<ChannelEvent> events = new ArrayDeque<>();
  private final OrderBook book;
  private final OrderVersions versions;
  private final ChannelWatch watch;
  private final RefundSender refunds;

  CallbackInbox(
      Collection<ChannelEvent> carried,
      OrderBook book,
      OrderVersions versions,
      ChannelWatch watch,
      RefundSender refunds) {
    this.events.addAll(carried);
    this.book = book;
    this.versions = versions;
    this.watch = watch;
    this.refunds = refunds;
  }

  /** The signal handler: queued for the run loop. */
  void add(ChannelEvent event) {
    events.add(event);
  }

  boolean isEmpty() {
    return events.isEmpty();
  }

  /** Callbacks not handled yet, carried into the next run. */
  List<ChannelEvent> pending() {
    return List.copyOf(events);
  }

  void handleAll() {
    while (!events.isEmpty()) {
      ChannelEvent event = events.poll();
      Optional<Attempt> attempt = book.attempt(event.attemptId());
      if (attempt.isEmpty() || !fromItsChannel(event, attempt.get())) {
        log.warn("ignoring event {} for unknown attempt {}", event.eventId(), event.attemptId());
        continue;
      }
      if (event.type() == ChannelEvent.Type.PAYMENT && versions.hostileInputs()) {
        attempt.get().paymentSignalled(Workflow.currentTimeMillis());
      }
      if (event.type() == ChannelEvent.Type.REFUND) {
        refunds.refundCallback(event.attemptId());
      } else if (attempt.get().mayStillCapture()) {
        if (answered(event) && versions.settleInOneTask()) {
          watch.act(attempt.get(), event.confirmed(), Patience.UNTIL_DONE);
        } else {
          watch.confirmQuietly(attempt.get(), Patience.UNTIL_DONE);
        }
      }
    }
  }

  /** A payment callback that carries a whole answer of the channel's query: no query needed. */
  private static boolean answered(ChannelEvent event) {
    ChannelPayment answer = event.confirmed();
    return event.type() == ChannelEvent.Type.PAYMENT
        && answer != null
        && answer.status() != null
        && (answer.status() != ChannelPayment.Status.PAID || answer.paid() != null)
        && answer.refundedMinor() >= 0;
  }

  private static boolean fromItsChannel(ChannelEvent event, Attempt attempt) {
    return event.channel() == null || event.channel().equals(attempt.channel());
  }
}
