package com.payonce.workflows.order;

import com.payonce.workflows.channel.ChannelPayment;
import io.temporal.workflow.Workflow;
import java.time.Duration;
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

  /** How old the webhook endpoint's answer may be when acted on without asking again. */
  static final Duration FRESH_FOR = Duration.ofSeconds(10);

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
          watch.act(attempt.get(), event.confirmed().payment(), Patience.UNTIL_DONE);
        } else {
          watch.confirmQuietly(attempt.get(), Patience.UNTIL_DONE);
        }
      }
    }
  }

  /**
   * A payment callback that carries a whole, fresh answer of the channel's query: no query needed.
   * An older one (a signal delayed behind a long step, carried into a new run) is asked again.
   */
  private static boolean answered(ChannelEvent event) {
    ChannelAnswer answer = event.confirmed();
    if (event.type() != ChannelEvent.Type.PAYMENT || answer == null || answer.payment() == null) {
      return false;
    }
    ChannelPayment payment = answer.payment();
    boolean whole =
        payment.status() != null
            && (payment.status() != ChannelPayment.Status.PAID || payment.paid() != null)
            && payment.refundedMinor() >= 0;
    long age = Workflow.currentTimeMillis() - answer.askedAtMillis();
    return whole && Math.abs(age) <= FRESH_FOR.toMillis();
  }

  private static boolean fromItsChannel(ChannelEvent event, Attempt attempt) {
    return event.channel() == null || event.channel().equals(attempt.channel());
  }
}
