package com.payonce.workflows.order;

import static com.payonce.workflows.order.ActivityFailures.rootMessage;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;
import static com.payonce.workflows.order.OrderPaymentWorkflow.PAYMENT_CHANNEL;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.CloseResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.slf4j.Logger;

/**
 * What the order believes about its attempts comes from here: the channel's own query (confirm),
 * the capture it shows (kept, or refunded), closing the siblings of a kept payment, ending the
 * order at expiry or cancel, and the sweeps of the late-payment window. Nothing a callback says is
 * acted on until the channel's query says it too.
 */
final class ChannelWatch {
  private static final Logger log = Workflow.getLogger(ChannelWatch.class);

  private final OrderBook book;
  private final OrderActivities activities;
  private final LedgerRecorder recorder;
  private final OrderVersions versions;

  ChannelWatch(
      OrderBook book, OrderActivities activities, LedgerRecorder recorder, OrderVersions versions) {
    this.book = book;
    this.activities = activities;
    this.recorder = recorder;
    this.versions = versions;
  }

  /** Asks the channel what really happened to an attempt, and acts on that answer only. */
  void confirm(Attempt attempt, Patience patience) {
    act(attempt, activities.channel(patience).queryPayment(attempt.ref()), patience);
  }

  /**
   * Acts on the channel's query answer about an attempt, asked by the workflow or, for a payment
   * callback, by payonce's webhook endpoint ({@link CallbackInbox}).
   */
  void act(Attempt attempt, ChannelPayment payment, Patience patience) {
    switch (payment.status()) {
      case PAID -> captured(attempt, payment, patience);
      case CLOSED -> {
        boolean wasOpen = attempt.isOpen();
        attempt.channelSaysClosed();
        if (wasOpen) {
          recorder.record();
        }
      }
      case WAIT_PAY, NOT_FOUND -> attempt.notPaidYet(Workflow.currentTimeMillis());
    }
  }

  /** {@link #confirm}, leaving an unanswered query to the next look. */
  void confirmQuietly(Attempt attempt, Patience patience) {
    try {
      confirm(attempt, patience);
    } catch (ActivityFailure e) {
      log.info("query of attempt {} failed, will ask again: {}", attempt.id(), rootMessage(e));
    }
  }

  private void captured(Attempt attempt, ChannelPayment payment, Patience patience) {
    if (!attempt.mayStillCapture()) {
      return;
    }
    CaptureVerdict verdict =
        book.captured(
            attempt, payment.paid(), payment.refundedMinor(), Workflow.currentTimeMillis());
    BusinessMeters.captured(verdict);
    if (verdict == CaptureVerdict.KEPT) {
      Workflow.upsertTypedSearchAttributes(
          ORDER_STATUS.valueSet(book.status().name()), PAYMENT_CHANNEL.valueSet(attempt.channel()));
      if (versions.settleInOneTask()) {
        // the shop sees PAID now, not after the siblings' closes (a capture they still make is
        // refunded like any duplicate)
        recorder.record();
        if (book.attempts().stream().noneMatch(o -> o != attempt && o.mayStillCapture())) {
          return;
        }
      }
      for (Attempt other : book.attempts()) {
        if (other != attempt && other.mayStillCapture()) {
          closeAndSettle(other, patience);
        }
      }
    } else {
      log.warn("attempt {} captured money the order does not keep: refunding", attempt.id());
    }
    recorder.record();
  }

  /**
   * Closes an attempt; a channel that refuses because it was paid gets the payment confirmed.
   * Returns false while the customer is paying it: being paid, or paid but not confirmable yet.
   */
  boolean closeAndSettle(Attempt attempt, Patience patience) {
    ChannelActivities channel = activities.channel(patience);
    try {
      CloseResult result = channel.closePayment(attempt.ref());
      if (result == CloseResult.CLOSED) {
        attempt.closed();
      } else if (result == CloseResult.ALREADY_PAID) {
        confirm(attempt, patience);
      }
      return result == CloseResult.CLOSED || !attempt.mayStillCapture();
    } catch (ActivityFailure e) {
      log.info("close of attempt {} failed, the sweep will look again", attempt.id());
      return true;
    }
  }

  /**
   * Expiry or cancel: close every attempt, query each a last time, then end — or find it paid.
   * Returns false, changing nothing, while the customer is paying an attempt (unless told to end
   * anyway); a capture that still comes is then refunded as late.
   */
  boolean end(OrderStatus outcome, Patience patience, boolean evenIfPaying) {
    boolean paying = false;
    for (Attempt attempt : attemptsToEnd()) {
      paying |= !closeAndSettle(attempt, patience);
    }
    for (Attempt attempt : attemptsToEnd()) {
      confirmQuietly(attempt, patience);
    }
    if (!book.awaitingPayment()) {
      return true;
    }
    if (paying && !evenIfPaying) {
      return false;
    }
    book.end(outcome);
    Workflow.upsertTypedSearchAttributes(ORDER_STATUS.valueSet(outcome.name()));
    recorder.record();
    return true;
  }

  /**
   * Asks the channel about an attempt that could still capture money. One still OPEN when the order
   * is settled had its close fail: version 1 closes it again first, so it ends CLOSED rather than
   * OPEN on an order that is over.
   */
  void sweep(Attempt attempt) {
    boolean reclose = attempt.isOpen() && versions.fewerRoundTrips();
    if (reclose) {
      closeAndSettle(attempt, Patience.QUICK);
    }
    confirmQuietly(attempt, Patience.UNTIL_DONE);
    if (reclose && attempt.status() == AttemptStatus.CLOSED) {
      recorder.record();
    }
  }

  /**
   * Attempts that could still capture money. One the channel's own query confirmed CLOSED cannot:
   * version 1 stops asking about it (a close the channel did not honour is still WAIT_PAY).
   */
  List<Attempt> attemptsToSweep() {
    return book.unsettledAttempts().stream()
        .filter(a -> !(a.closedAtChannel() && versions.fewerRoundTrips()))
        .toList();
  }

  /**
   * Attempts an expiry or a cancel closes and asks a last time: those that could still capture
   * money; under version "hostile-inputs" not those the channel's own query confirmed CLOSED (a
   * cancel loop on an order of many attempts made every cancel ask about all of them).
   */
  private List<Attempt> attemptsToEnd() {
    boolean hardened = versions.hostileInputs();
    return book.attempts().stream()
        .filter(a -> a.mayStillCapture() && !(hardened && a.closedAtChannel()))
        .toList();
  }
}
