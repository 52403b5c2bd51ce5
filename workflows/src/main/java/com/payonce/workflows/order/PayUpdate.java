package com.payonce.workflows.order;

import static com.payonce.workflows.order.ActivityFailures.refused;
import static com.payonce.workflows.order.ActivityFailures.refusedAs;
import static com.payonce.workflows.order.ActivityFailures.rootMessage;
import static com.payonce.workflows.order.OrderPaymentWorkflow.PAYMENT_CHANNEL;

import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.ids.PaymentNumbers;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * The customer pays: the open attempt on the same channel is returned as it is (a double click
 * opens nothing); paying on another channel closes the open attempt first, then opens one there.
 */
final class PayUpdate {
  private static final Logger log = Workflow.getLogger(PayUpdate.class);

  private final OrderBook book;
  private final WorkflowLock lock;
  private final OrderGate gate;
  private final RunRollover rollover;
  private final OrderVersions versions;
  private final OrderActivities activities;
  private final ChannelWatch watch;
  private final LedgerRecorder recorder;
  private final Backoff polls;

  PayUpdate(
      OrderBook book,
      WorkflowLock lock,
      OrderGate gate,
      RunRollover rollover,
      OrderVersions versions,
      OrderActivities activities,
      ChannelWatch watch,
      LedgerRecorder recorder,
      Backoff polls) {
    this.book = book;
    this.lock = lock;
    this.gate = gate;
    this.rollover = rollover;
    this.versions = versions;
    this.activities = activities;
    this.watch = watch;
    this.recorder = recorder;
    this.polls = polls;
  }

  void validate(PayRequest request) {
    requireChannel(request);
    gate.requireOpen();
    gate.requireRunNotFull();
    gate.requirePayable();
    if (versions.hostileInputsRules()) {
      requirePayCallsLeft();
      requireAttemptAllowed(request.channel());
    }
  }

  AttemptView handle(PayRequest request) {
    requireChannel(request);
    boolean capped = versions.hostileInputs();
    rollover.countUpdate();
    lock.lock();
    try {
      gate.requirePayable();
      if (capped) {
        requirePayCallsLeft();
        book.countPayCall();
      }
      Optional<Attempt> open = book.openAttempt();
      if (open.isPresent() && open.get().channel().equals(request.channel())) {
        return open.get().view();
      }
      if (capped) {
        requireAttemptAllowed(request.channel());
      }
      if (open.isPresent()) {
        closeBeforeSwitch(open.get());
      }
      return openAttempt(request.channel());
    } finally {
      lock.unlock();
    }
  }

  private void closeBeforeSwitch(Attempt open) {
    CloseResult result;
    try {
      result = activities.channel(Patience.QUICK).closePayment(open.ref());
    } catch (ActivityFailure e) {
      throw OrderFailure.CHANNEL_UNAVAILABLE.failure(
          "could not close attempt " + open.id() + " at " + open.channel() + "; try again");
    }
    if (result == CloseResult.CLOSED) {
      open.closed();
      return;
    }
    if (result == CloseResult.CUSTOMER_PAYING) {
      throw OrderFailure.PAYMENT_IN_PROGRESS.failure(
          "the customer is paying attempt " + open.id() + " at " + open.channel());
    }
    watch.confirmQuietly(open, Patience.QUICK);
    if (!book.awaitingPayment()) {
      throw OrderFailure.ORDER_ALREADY_PAID.failure(
          "order " + book.checkout().orderId() + " was paid by attempt " + open.id());
    }
    throw OrderFailure.PAYMENT_IN_PROGRESS.failure(
        "the customer is paying attempt " + open.id() + " at " + open.channel());
  }

  private AttemptView openAttempt(String channelName) {
    Checkout order = book.checkout();
    Optional<Attempt> retried = book.unknownCreate(channelName);
    Attempt attempt =
        retried.orElseGet(
            () ->
                book.newAttempt(
                    PaymentNumbers.newAttemptId(), channelName, Workflow.currentTimeMillis()));
    try {
      ChannelOrder created =
          activities
              .channel(Patience.QUICK)
              .createPayment(
                  new CreatePayment(
                      channelName,
                      attempt.id(),
                      order.orderId(),
                      order.amount(),
                      order.description(),
                      order.expiresAtMillis()));
      attempt.opened(created.channelOrderId(), created.payUrl());
    } catch (ActivityFailure e) {
      // The channel may have created it anyway (timeout after commit): it stays watched.
      // Only the channel's own refusal is shown; an I/O error's text (internal addresses) is
      // logged.
      log.warn("create of attempt {} at {} failed: {}", attempt.id(), channelName, rootMessage(e));
      if (refusedAs(e, ChannelFailure.ATTEMPT_CLOSED) && versions.freshAttemptForAClosedNumber()) {
        // the number is closed at the channel: watched like any closed attempt
        attempt.closedBeforeItOpened();
        recorder.record();
        if (retried.isEmpty()) {
          // a number the channel closes at birth: its time to pay this order is up (the channel
          // keeps expiries to the second, before the order's own)
          throw OrderFailure.ORDER_NOT_PAYABLE.failure(
              channelName + " takes no more payments for order " + order.orderId());
        }
        // a retried number it closed meanwhile (expired, or a sweep closed it): a fresh one
        if (!book.mayOpenAttempt(channelName)) {
          throw OrderFailure.ATTEMPT_LIMIT_REACHED.failure(
              "an order opens at most " + OrderBook.MAX_ATTEMPTS + " payment attempts");
        }
        return openAttempt(channelName);
      }
      if (refused(e)) {
        attempt.failed("create refused: " + rootMessage(e), false);
        recorder.record();
        throw OrderFailure.CHANNEL_REJECTED.failure(rootMessage(e));
      }
      attempt.failed("create failed: " + channelName + " did not answer", true);
      recorder.record();
      throw OrderFailure.CHANNEL_UNAVAILABLE.failure(channelName + " did not answer; try again");
    }
    polls.restart(Workflow.currentTimeMillis());
    Workflow.upsertTypedSearchAttributes(PAYMENT_CHANNEL.valueSet(channelName));
    recorder.record();
    return attempt.view();
  }

  private static void requireChannel(PayRequest request) {
    if (request == null || request.channel() == null || request.channel().isBlank()) {
      throw OrderFailure.INVALID_REQUEST.failure("a channel is required");
    }
  }

  private void requirePayCallsLeft() {
    if (!book.payCallsLeft()) {
      throw OrderFailure.PAY_LIMIT_REACHED.failure(
          "an order takes at most " + OrderBook.MAX_PAY_CALLS + " pay calls");
    }
  }

  /** A pay that would open one more attempt than an order may have is refused. */
  private void requireAttemptAllowed(String channelName) {
    Optional<Attempt> open = book.openAttempt();
    boolean reuses = open.isPresent() && open.get().channel().equals(channelName);
    if (!reuses && !book.mayOpenAttempt(channelName)) {
      throw OrderFailure.ATTEMPT_LIMIT_REACHED.failure(
          "an order opens at most " + OrderBook.MAX_ATTEMPTS + " payment attempts");
    }
  }
}
