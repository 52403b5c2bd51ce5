package com.payonce.order;

import com.payonce.channel.ChannelActivities;
import com.payonce.channel.ChannelOrder;
import com.payonce.channel.ChannelPayment;
import com.payonce.channel.ChannelRefundStatus;
import com.payonce.channel.CloseResult;
import com.payonce.channel.CreatePayment;
import com.payonce.channel.PaymentRef;
import com.payonce.channel.RefundPayment;
import com.payonce.channel.RefundRef;
import com.payonce.ledger.LedgerActivities;
import com.payonce.ledger.OrderSnapshot;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Takes exactly one payment for an order. Updates (pay, cancel, refund) and the main loop (channel
 * events, polls, expiry, automatic refunds, sweeps) change state only while holding {@link #lock},
 * so handlers that interleave at activity calls never see half a change.
 */
public class OrderPaymentWorkflowImpl implements OrderPaymentWorkflow {
  private static final Logger log = Workflow.getLogger(OrderPaymentWorkflowImpl.class);

  /** Background work that must finish (confirming events, refunds): retried until it does. */
  private static final ActivityOptions PERSISTENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .build();

  /** Work a caller waits for, or a poll that the next poll repeats: a few quick tries. */
  private static final ActivityOptions INTERACTIVE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /**
   * {@code Workflow.getVersion} id of version 1: timers cancelled when superseded ({@link Alarm}),
   * attempts the channel confirmed CLOSED no longer swept, an attempt whose close failed closed
   * again by the sweeps. Histories from before it replay version 0 (the old paths are kept
   * below). The channel create stays an activity: as a local activity it would run before the pay
   * update is durably accepted, and a worker dying then leaves a channel order and a ledger row
   * the retried task may never make (docs/SAFETY-REPORT.md).
   */
  static final String FEWER_ROUND_TRIPS = "fewer-round-trips";

  /**
   * {@code Workflow.getVersion} id of version "hostile-inputs" (read first thing in every run and
   * handler): the shop's refund ids and the automatic refund names in separate namespaces, the
   * shop's refunds numbered at the channel by the workflow; a capture the channel already refunded
   * never kept; events for another channel's attempt ignored; caps on attempts, pay calls and
   * refunds; a payment the channel signed but its query does not show yet waited for (up to {@link
   * #QUERY_LAG_WINDOW}) before the order ends; the order closed to updates before it ends, and ended
   * only once every handler is done. Orders from before it replay the old paths.
   */
  static final String HOSTILE_INPUTS = "hostile-inputs";

  /**
   * How long a payment the channel signed but its query does not show is asked for again, from the
   * first answer that did not show it.
   */
  static final Duration QUERY_LAG_WINDOW = Duration.ofMinutes(10);

  /** Ledger upserts are cheap and idempotent: a local activity, retried until the database is back. */
  private static final LocalActivityOptions LEDGER =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setRetryOptions(
              RetryOptions.newBuilder().setMaximumInterval(Duration.ofSeconds(30)).build())
          .build();

  private final ChannelActivities channel =
      Workflow.newActivityStub(ChannelActivities.class, PERSISTENT);
  private final ChannelActivities channelNow =
      Workflow.newActivityStub(ChannelActivities.class, INTERACTIVE);
  private final LedgerActivities ledger =
      Workflow.newLocalActivityStub(LedgerActivities.class, LEDGER);

  private final WorkflowLock lock = Workflow.newWorkflowLock();
  private final Alarm alarm = new Alarm();
  private final LedgerDelta ledgerDelta = new LedgerDelta();
  private Integer version; // read on first use (run or an early update), then fixed
  private Integer hostileInputsVersion; // read first thing in run and in every handler
  private boolean closed; // the late window is over: no update is accepted any more
  private final Checkout checkout;
  private final OrderBook book;
  private final PaymentTimings timings;
  private final RunLimits limits;
  private int updatesThisRun;
  private final long revisionBase; // the revision a previous run carried over: this run's are above
  private final Deque<ChannelEvent> events = new ArrayDeque<>();
  private Duration pollDelay;
  private long nextPollAtMillis = Long.MAX_VALUE;
  private long expiryCheckAtMillis;
  private Duration refundCheckDelay;
  private long refundCheckAtMillis = Long.MAX_VALUE;

  @WorkflowInit
  public OrderPaymentWorkflowImpl(Checkout checkout) {
    this.checkout = checkout;
    this.timings = checkout.timings();
    this.limits = checkout.limitsOrDefaults();
    ContinuedOrder continued = checkout.continued();
    this.revisionBase = continued == null ? 0 : continued.book().revision();
    if (continued == null) {
      this.book = new OrderBook(checkout);
      this.pollDelay = timings.pollInitial();
      this.refundCheckDelay = timings.pollInitial();
      this.expiryCheckAtMillis = checkout.expiresAtMillis();
      return;
    }
    this.book = OrderBook.restore(checkout, continued.book());
    this.events.addAll(continued.events());
    ContinuedOrder.Clocks clocks = continued.clocks();
    this.pollDelay = Duration.ofMillis(clocks.pollDelayMillis());
    this.nextPollAtMillis = clocks.nextPollAtMillis();
    this.expiryCheckAtMillis = clocks.expiryCheckAtMillis();
    this.refundCheckDelay = Duration.ofMillis(clocks.refundCheckDelayMillis());
    this.refundCheckAtMillis = clocks.refundCheckAtMillis();
  }

  @Override
  public OrderView run(Checkout checkout) {
    hostileInputsClosed();
    ContinuedOrder continued = checkout.continued();
    long windowEndMillis;
    if (continued != null && continued.clocks().settling()) {
      windowEndMillis = continued.clocks().windowEndMillis();
    } else {
      while (book.awaitingPayment()) {
        continueAsNewIfRunIsFull(false, 0);
        long plannedPoll = nextPollAtMillis;
        long wakeAt = Math.min(Math.min(expiryCheckAtMillis, plannedPoll), refundCheckAtMillis);
        await(
            wakeAt,
            () ->
                hasWork()
                    || !book.awaitingPayment()
                    || nextPollAtMillis != plannedPoll
                    || runIsFull());
        withLock(this::awaitingPaymentStep);
      }
      windowEndMillis = now() + timings.latePaymentWindow().toMillis();
    }
    settleUntil(windowEndMillis);
    Workflow.await(Workflow::isEveryHandlerFinished);
    return book.view();
  }

  /**
   * Continues as new, carrying the order over, once this run has taken {@link RunLimits} updates or
   * history events: the new run starts with an empty history and Temporal's per-run limits afresh.
   * Waits for running handlers first (their changes are carried too).
   */
  private void continueAsNewIfRunIsFull(boolean settling, long windowEndMillis) {
    if (!runIsFull()) {
      return;
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    ContinuedOrder state =
        new ContinuedOrder(
            book.state(),
            List.copyOf(events),
            new ContinuedOrder.Clocks(
                settling,
                windowEndMillis,
                pollDelay.toMillis(),
                nextPollAtMillis,
                expiryCheckAtMillis,
                refundCheckDelay.toMillis(),
                refundCheckAtMillis));
    log.info("order {} continues as new after {} updates", checkout.orderId(), updatesThisRun);
    Workflow.continueAsNew(
        ContinueAsNewOptions.newBuilder()
            .setTypedSearchAttributes(Workflow.getTypedSearchAttributes())
            .build(),
        checkout.continuedWith(state));
  }

  /** Under version "hostile-inputs" only: older orders keep their one run. */
  private boolean runIsFull() {
    return hostileInputsVersion != null
        && hostileInputsVersion >= 1
        && (updatesThisRun >= limits.updatesPerRun()
            || Workflow.getInfo().getHistoryLength() >= limits.eventsPerRun());
  }

  private void awaitingPaymentStep() {
    handleEvents();
    refundPending(channel);
    checkProcessingRefundsIfDue();
    if (!book.awaitingPayment()) {
      return;
    }
    long now = now();
    if (now >= expiryCheckAtMillis) {
      expire(now);
    } else if (now >= nextPollAtMillis) {
      book.openAttempt().ifPresent(a -> confirmQuietly(a, channelNow));
      pollDelay = min(pollDelay.multipliedBy(2), timings.pollMax());
      nextPollAtMillis = book.openAttempt().isPresent() ? now + pollDelay.toMillis() : Long.MAX_VALUE;
    }
  }

  /**
   * Expires the order, unless the channel says the customer is paying or has paid an attempt it
   * cannot confirm yet (its query lags): then the customer paid in time, so the order waits for the
   * confirmation, up to a grace period after which it expires anyway (a later capture is refunded).
   */
  private void expire(long now) {
    long graceEnd = book.checkout().expiresAtMillis() + timings.pollMax().multipliedBy(5).toMillis();
    if (!end(OrderStatus.EXPIRED, channel, now >= graceEnd)) {
      expiryCheckAtMillis = Math.min(graceEnd, now + timings.pollInitial().toMillis());
    }
  }

  /**
   * The late-payment window: the order is settled, but callbacks may still come (a close that was
   * not honored, a customer paying a second tab). Attempts that could still capture money are swept
   * with a doubling delay and once more at the end of the window. Under version "hostile-inputs" a
   * payment the channel signed but its query does not show yet keeps the order open (asked again
   * with a doubling delay, up to {@link #QUERY_LAG_WINDOW} after the first answer that did not show
   * it), and the order takes no update once it decides to end.
   */
  private void settleUntil(long windowEndMillis) {
    boolean hardened = hostileInputsClosed();
    Duration sweepDelay = timings.pollMax();
    long nextSweepAt = now() + sweepDelay.toMillis();
    boolean sweptAtWindowEnd = false;
    LagWatch lag = new LagWatch(hardened);
    while (true) {
      continueAsNewIfRunIsFull(true, windowEndMillis);
      boolean windowOver = now() >= windowEndMillis;
      boolean waitedOut = windowOver && !lag.waiting();
      if (waitedOut && !hasWork() && book.processingRefunds().isEmpty() && handlersDone()) {
        closed = hardened;
        return;
      }
      // Past the window only PROCESSING refunds (and, v2, lagging payments and running handlers)
      // keep the order open: wait for them, not for the window's end, which has passed (that would
      // wake every millisecond).
      boolean onlyRefundsLeft = waitedOut && !hasWork();
      long wakeAt =
          onlyRefundsLeft
              ? refundCheckAtMillis
              : windowOver && hardened
                  ? lag.nextCheckAtMillis()
                  : attemptsToSweep().isEmpty()
                      ? windowEndMillis
                      : Math.min(windowEndMillis, nextSweepAt);
      // a handler still running when the order could end is waited for (a refund it accepts is sent)
      boolean awaitHandlers = waitedOut && hardened && !Workflow.isEveryHandlerFinished();
      await(
          Math.min(Math.min(wakeAt, refundCheckAtMillis), lag.nextCheckAtMillis()),
          () -> hasWork() || (awaitHandlers && Workflow.isEveryHandlerFinished()) || runIsFull());
      boolean sweep =
          !onlyRefundsLeft
              && (now() >= nextSweepAt
                  || (now() >= windowEndMillis && !(hardened && sweptAtWindowEnd)));
      sweptAtWindowEnd |= sweep && now() >= windowEndMillis;
      withLock(
          () -> {
            handleEvents();
            if (sweep) {
              attemptsToSweep().forEach(this::sweep);
            }
            lag.checkIfDue();
            refundPending(channel);
            checkProcessingRefundsIfDue();
          });
      if (sweep) {
        sweepDelay = sweepDelay.multipliedBy(2);
        nextSweepAt = now() + sweepDelay.toMillis();
      }
    }
  }

  /**
   * Asks the channel again, with a doubling delay, about payments it signed but its query did not
   * show yet (eventual consistency), as the orphan workflow does: without it, a duplicate paid as
   * the window ends would be left captured when the order ends (version "hostile-inputs").
   */
  private final class LagWatch {
    private final boolean on;
    private Duration delay = timings.pollInitial();
    private long nextCheckAt = Long.MAX_VALUE;

    LagWatch(boolean on) {
      this.on = on;
    }

    boolean waiting() {
      return on && now() < book.laggingUntil(QUERY_LAG_WINDOW.toMillis());
    }

    long nextCheckAtMillis() {
      long until = on ? book.laggingUntil(QUERY_LAG_WINDOW.toMillis()) : 0;
      if (until == 0 || now() > until) {
        nextCheckAt = Long.MAX_VALUE;
        delay = timings.pollInitial();
        return Long.MAX_VALUE;
      }
      if (nextCheckAt == Long.MAX_VALUE) {
        nextCheckAt = Math.min(now() + delay.toMillis(), until);
      }
      return nextCheckAt;
    }

    void checkIfDue() {
      if (!on || now() < nextCheckAt) {
        return;
      }
      book.lagging(now(), QUERY_LAG_WINDOW.toMillis()).forEach(a -> confirmQuietly(a, channelNow));
      delay = min(delay.multipliedBy(2), timings.pollMax());
      nextCheckAt = Long.MAX_VALUE;
    }
  }

  // ---- updates ----------------------------------------------------------------------------

  // Validators refuse what cannot succeed, so it never reaches history; the handlers check again
  // under the lock, because the order may have changed while the update waited for it.

  @Override
  public void validatePay(PayRequest request) {
    requireChannel(request);
    requireOpen();
    requireRunNotFull();
    requirePayable();
    if (hostileInputsRules()) {
      requirePayCallsLeft();
      requireAttemptAllowed(request.channel());
    }
  }

  @Override
  public AttemptView pay(PayRequest request) {
    requireChannel(request);
    boolean capped = hostileInputsClosed();
    updatesThisRun++;
    lock.lock();
    try {
      requirePayable();
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
      result = channelNow.closePayment(ref(open));
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
    confirmQuietly(open, channelNow);
    if (!book.awaitingPayment()) {
      throw OrderFailure.ORDER_ALREADY_PAID.failure(
          "order " + book.checkout().orderId() + " was paid by attempt " + open.id());
    }
    throw OrderFailure.PAYMENT_IN_PROGRESS.failure(
        "the customer is paying attempt " + open.id() + " at " + open.channel());
  }

  private AttemptView openAttempt(String channelName) {
    Checkout order = book.checkout();
    Attempt attempt =
        book.unknownCreate(channelName)
            .orElseGet(() -> book.newAttempt(newAttemptId(), channelName, now()));
    try {
      ChannelOrder created =
          channelNow.createPayment(
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
      // Only the channel's own refusal is shown; an I/O error's text (internal addresses) is logged.
      log.warn("create of attempt {} at {} failed: {}", attempt.id(), channelName, rootMessage(e));
      if (refused(e)) {
        attempt.failed("create refused: " + rootMessage(e), false);
        record();
        throw OrderFailure.CHANNEL_REJECTED.failure(rootMessage(e));
      }
      attempt.failed("create failed: " + channelName + " did not answer", true);
      record();
      throw OrderFailure.CHANNEL_UNAVAILABLE.failure(channelName + " did not answer; try again");
    }
    pollDelay = timings.pollInitial();
    nextPollAtMillis = now() + pollDelay.toMillis();
    Workflow.upsertTypedSearchAttributes(PAYMENT_CHANNEL.valueSet(channelName));
    record();
    return attempt.view();
  }

  @Override
  public void validateCancel(CancelRequest request) {
    requireOpen();
    requireRunNotFull();
    if (book.status() != OrderStatus.CANCELLED) {
      requirePayable();
    }
  }

  @Override
  public OrderView cancel(CancelRequest request) {
    hostileInputsClosed();
    updatesThisRun++;
    lock.lock();
    try {
      if (book.status() == OrderStatus.CANCELLED) {
        return book.view();
      }
      requirePayable();
      boolean ended = end(OrderStatus.CANCELLED, channelNow, false);
      if (book.status().paid()) {
        throw OrderFailure.ORDER_ALREADY_PAID.failure(
            "the customer paid before the cancel took effect");
      }
      if (!ended) {
        throw OrderFailure.PAYMENT_IN_PROGRESS.failure(
            "the customer is paying: cancel again once the payment is settled");
      }
      return book.view();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void validateRefund(RefundRequest request) {
    requireRefundRequest(request);
    requireOpen();
    requireRunNotFull();
    checkRefund(request);
  }

  @Override
  public RefundView refund(RefundRequest request) {
    requireRefundRequest(request);
    boolean ownNumbers = hostileInputsClosed();
    updatesThisRun++;
    lock.lock();
    try {
      requireOpen();
      Optional<Refund> existing = checkRefund(request);
      if (existing.isPresent()) {
        return existing.get().view();
      }
      // The shop's id is its idempotency key, not the channel's number: the channel dedups on a
      // number the workflow makes, which no shop id can equal (nor another order's, at a channel
      // whose refund numbers are unique merchant-wide).
      String refundNo = ownNumbers ? newRefundNo() : request.refundId();
      Refund refund = book.requestRefund(request, refundNo, now());
      sendRefund(refund, channelNow);
      record();
      if (refund.status() == RefundStatus.FAILED) {
        throw OrderFailure.REFUND_REJECTED.failure(refund.reason());
      }
      return refund.view();
    } finally {
      lock.unlock();
    }
  }

  /** Returns the refund already made under this id, or throws if this one is not allowed. */
  private Optional<Refund> checkRefund(RefundRequest request) {
    Optional<Refund> existing = book.requestedRefund(request.refundId());
    if (existing.isPresent()) {
      if (existing.get().amountMinor() != request.amountMinor()) {
        throw OrderFailure.REFUND_ID_CONFLICT.failure(
            "refund " + request.refundId() + " was already asked for another amount");
      }
      return existing;
    }
    if (!book.status().paid()) {
      throw OrderFailure.REFUND_NOT_ALLOWED.failure("order is " + book.status() + ", not paid");
    }
    if (hostileInputsRules() && book.requestedRefunds() >= OrderBook.MAX_REFUNDS) {
      throw OrderFailure.REFUND_NOT_ALLOWED.failure(
          "an order takes at most " + OrderBook.MAX_REFUNDS + " refunds");
    }
    if (request.amountMinor() > book.refundableMinor()) {
      throw OrderFailure.REFUND_EXCEEDS_REFUNDABLE.failure(
          "refund of "
              + request.amountMinor()
              + " exceeds the refundable "
              + book.refundableMinor()
              + " minor units");
    }
    return Optional.empty();
  }

  // ---- signal and query ---------------------------------------------------------------------

  @Override
  public void channelEvent(ChannelEvent event) {
    events.add(event);
  }

  @Override
  public OrderView view() {
    return book.view();
  }

  // ---- the steps ----------------------------------------------------------------------------

  private void handleEvents() {
    while (!events.isEmpty()) {
      ChannelEvent event = events.poll();
      Optional<Attempt> attempt = book.attempt(event.attemptId());
      if (attempt.isEmpty() || !fromItsChannel(event, attempt.get())) {
        log.warn("ignoring event {} for unknown attempt {}", event.eventId(), event.attemptId());
        continue;
      }
      if (event.type() == ChannelEvent.Type.PAYMENT && hostileInputsClosed()) {
        attempt.get().paymentSignalled(now());
      }
      if (event.type() == ChannelEvent.Type.REFUND) {
        book.processingRefunds().stream()
            .filter(r -> r.attemptId().equals(event.attemptId()))
            .forEach(this::checkRefund);
      } else if (attempt.get().mayStillCapture()) {
        confirmQuietly(attempt.get(), channel);
      }
    }
  }

  /** Asks the channel what really happened to an attempt, and acts on that answer only. */
  private void confirm(Attempt attempt, ChannelActivities via) {
    ChannelPayment payment = via.queryPayment(ref(attempt));
    switch (payment.status()) {
      case PAID -> captured(attempt, payment, via);
      case CLOSED -> {
        boolean wasOpen = attempt.isOpen();
        attempt.channelSaysClosed();
        if (wasOpen) {
          record();
        }
      }
      case WAIT_PAY, NOT_FOUND -> attempt.notPaidYet(now());
    }
  }

  private void confirmQuietly(Attempt attempt, ChannelActivities via) {
    try {
      confirm(attempt, via);
    } catch (ActivityFailure e) {
      log.info("query of attempt {} failed, will ask again: {}", attempt.id(), rootMessage(e));
    }
  }

  private void captured(Attempt attempt, ChannelPayment payment, ChannelActivities via) {
    if (!attempt.mayStillCapture()) {
      return;
    }
    boolean kept = book.captured(attempt, payment.paid(), payment.refundedMinor(), now());
    if (kept) {
      Workflow.upsertTypedSearchAttributes(
          ORDER_STATUS.valueSet(book.status().name()),
          PAYMENT_CHANNEL.valueSet(attempt.channel()));
      for (Attempt other : book.attempts()) {
        if (other != attempt && other.mayStillCapture()) {
          closeAndSettle(other, via);
        }
      }
    } else {
      log.warn("attempt {} captured money the order does not keep: refunding", attempt.id());
    }
    record();
  }

  /**
   * Closes an attempt; a channel that refuses because it was paid gets the payment confirmed.
   * Returns false while the customer is paying it: being paid, or paid but not confirmable yet.
   */
  private boolean closeAndSettle(Attempt attempt, ChannelActivities via) {
    try {
      CloseResult result = via.closePayment(ref(attempt));
      if (result == CloseResult.CLOSED) {
        attempt.closed();
      } else if (result == CloseResult.ALREADY_PAID) {
        confirm(attempt, via);
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
  private boolean end(OrderStatus outcome, ChannelActivities via, boolean evenIfPaying) {
    boolean paying = false;
    for (Attempt attempt : attemptsToEnd()) {
      paying |= !closeAndSettle(attempt, via);
    }
    for (Attempt attempt : attemptsToEnd()) {
      confirmQuietly(attempt, via);
    }
    if (!book.awaitingPayment()) {
      return true;
    }
    if (paying && !evenIfPaying) {
      return false;
    }
    book.end(outcome);
    Workflow.upsertTypedSearchAttributes(ORDER_STATUS.valueSet(outcome.name()));
    record();
    return true;
  }

  private void refundPending(ChannelActivities via) {
    for (Refund refund : book.pendingRefunds()) {
      sendRefund(refund, via);
      record();
    }
  }

  /**
   * Sends a refund; on an unknown outcome it stays PENDING and is sent again with the same number,
   * which the channel dedups on. A refusal marks it FAILED, so its amount is refundable again.
   */
  private void sendRefund(Refund refund, ChannelActivities via) {
    Attempt attempt = book.attempt(refund.attemptId()).orElseThrow();
    ChannelRefundStatus status;
    try {
      status =
          via.refundPayment(
              new RefundPayment(
                  attempt.channel(),
                  attempt.id(),
                  refund.refundNo(),
                  book.amount().withMinor(refund.amountMinor()),
                  refund.reason()));
    } catch (ActivityFailure e) {
      if (refused(e)) {
        log.error("channel refused refund {}: {}", refund.id(), rootMessage(e));
        refund.failed(rootMessage(e));
      } else {
        log.info("refund {} outcome unknown, will send again: {}", refund.id(), rootMessage(e));
      }
      return;
    }
    if (status == ChannelRefundStatus.PROCESSING) {
      refund.processing();
      scheduleRefundCheck();
    } else if (status == ChannelRefundStatus.FAILED) {
      log.error("channel failed refund {}", refund.id());
      refund.failed("the channel failed the refund");
    } else {
      refundSucceeded(refund); // SUCCEEDED, or null: recorded before refunds had a status
    }
  }

  private void refundSucceeded(Refund refund) {
    OrderStatus before = book.status();
    book.refundSucceeded(refund);
    if (book.status() != before) {
      Workflow.upsertTypedSearchAttributes(ORDER_STATUS.valueSet(book.status().name()));
    }
  }

  private void scheduleRefundCheck() {
    if (refundCheckAtMillis == Long.MAX_VALUE) {
      refundCheckDelay = timings.pollInitial();
      refundCheckAtMillis = now() + refundCheckDelay.toMillis();
    }
  }

  /** Asynchronous refunds: asked after each refund callback, and polled in case it is lost. */
  private void checkProcessingRefundsIfDue() {
    if (now() < refundCheckAtMillis) {
      return;
    }
    book.processingRefunds().forEach(this::checkRefund);
    refundCheckDelay = min(refundCheckDelay.multipliedBy(2), timings.pollMax());
    refundCheckAtMillis =
        book.processingRefunds().isEmpty() ? Long.MAX_VALUE : now() + refundCheckDelay.toMillis();
  }

  private void checkRefund(Refund refund) {
    Attempt attempt = book.attempt(refund.attemptId()).orElseThrow();
    ChannelRefundStatus status;
    try {
      status = channel.queryRefund(new RefundRef(attempt.channel(), attempt.id(), refund.refundNo()));
    } catch (ActivityFailure e) {
      log.info("query of refund {} failed, will ask again: {}", refund.id(), rootMessage(e));
      return;
    }
    switch (status) {
      case SUCCEEDED -> refundSucceeded(refund);
      case FAILED -> refund.failed("the channel failed the refund");
      case NOT_FOUND -> refund.resend();
      case PROCESSING -> {
        return;
      }
    }
    record();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static void requireChannel(PayRequest request) {
    if (request == null || request.channel() == null || request.channel().isBlank()) {
      throw OrderFailure.INVALID_REQUEST.failure("a channel is required");
    }
  }

  private static void requireRefundRequest(RefundRequest request) {
    if (request == null || request.refundId() == null || request.amountMinor() <= 0) {
      throw OrderFailure.INVALID_REQUEST.failure("a refund id and a positive amount are required");
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

  /**
   * Once the run is full no update is taken (503, try again): the running ones finish, the run
   * continues as new, and the retried call reaches the new run. Without it, overlapping updates
   * kept a handler running or the lock held, and the run never found a moment to continue.
   */
  private void requireRunNotFull() {
    if (runIsFull()) {
      throw OrderFailure.ORDER_BUSY.failure(
          "order " + book.checkout().orderId() + " is moving to a fresh run; try again in a moment");
    }
  }

  private void requireOpen() {
    if (closed) {
      throw OrderFailure.ORDER_CLOSED.failure(
          "order " + book.checkout().orderId() + " is settled and its late-payment window is over");
    }
  }

  private void requirePayable() {
    if (book.status().paid()) {
      throw OrderFailure.ORDER_ALREADY_PAID.failure(
          "order " + book.checkout().orderId() + " is already " + book.status());
    }
    if (!book.awaitingPayment() || now() >= book.checkout().expiresAtMillis()) {
      throw OrderFailure.ORDER_NOT_PAYABLE.failure(
          "order " + book.checkout().orderId() + " is " + (book.awaitingPayment() ? "EXPIRED" : book.status()));
    }
  }

  /**
   * Asks the channel about an attempt that could still capture money. One still OPEN when the
   * order is settled had its close fail: version 1 closes it again first, so it ends CLOSED rather
   * than OPEN on an order that is over.
   */
  private void sweep(Attempt attempt) {
    boolean reclose = attempt.isOpen() && fewerRoundTrips();
    if (reclose) {
      closeAndSettle(attempt, channelNow);
    }
    confirmQuietly(attempt, channel);
    if (reclose && attempt.status() == AttemptStatus.CLOSED) {
      record();
    }
  }

  /**
   * Attempts an expiry or a cancel closes and asks a last time: those that could still capture
   * money; under version "hostile-inputs" not those the channel's own query confirmed CLOSED (a
   * cancel loop on an order of many attempts made every cancel ask about all of them).
   */
  private List<Attempt> attemptsToEnd() {
    boolean hardened = hostileInputsClosed();
    return book.attempts().stream()
        .filter(a -> a.mayStillCapture() && !(hardened && a.closedAtChannel()))
        .toList();
  }

  /**
   * Attempts that could still capture money. One the channel's own query confirmed CLOSED cannot:
   * version 1 stops asking about it (a close the channel did not honour is still WAIT_PAY).
   */
  private List<Attempt> attemptsToSweep() {
    return book.unsettledAttempts().stream()
        .filter(a -> !(a.closedAtChannel() && fewerRoundTrips()))
        .toList();
  }

  private void await(long wakeAtMillis, Supplier<Boolean> condition) {
    if (fewerRoundTrips()) {
      alarm.await(wakeAtMillis, condition);
    } else {
      Workflow.await(until(wakeAtMillis), condition);
    }
  }

  /**
   * Reads version "hostile-inputs" once per run (first thing in run or in the first handler) and
   * tells the book; returns whether this order runs under it.
   */
  private boolean hostileInputsClosed() {
    if (hostileInputsVersion == null) {
      hostileInputsVersion = Workflow.getVersion(HOSTILE_INPUTS, Workflow.DEFAULT_VERSION, 1);
      if (hostileInputsVersion >= 1) {
        book.closeHostileInputs();
      }
    }
    return hostileInputsVersion >= 1;
  }

  /**
   * For validators, which must not record a version marker: an order that has not read the version
   * yet is a new one, under the new rules.
   */
  private boolean hostileInputsRules() {
    return hostileInputsVersion == null || hostileInputsVersion >= 1;
  }

  private static boolean fromItsChannel(ChannelEvent event, Attempt attempt) {
    return event.channel() == null || event.channel().equals(attempt.channel());
  }

  private boolean handlersDone() {
    return !hostileInputsClosed() || Workflow.isEveryHandlerFinished();
  }

  private boolean fewerRoundTrips() {
    if (version == null) {
      version = Workflow.getVersion(FEWER_ROUND_TRIPS, Workflow.DEFAULT_VERSION, 1);
    }
    return version >= 1;
  }

  private boolean hasWork() {
    return !events.isEmpty() || !book.pendingRefunds().isEmpty();
  }

  private void withLock(Runnable step) {
    lock.lock();
    try {
      step.run();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes the order to the ledger. Under version "hostile-inputs" a snapshot carries only what
   * changed ({@link LedgerDelta}) and is numbered after the history's length (above the revision a
   * previous run carried over), so a snapshot written by a workflow task that was then lost (worker
   * killed) is always older than the retried task's.
   */
  private void record() {
    if (!hostileInputsClosed()) {
      ledger.recordOrder(new OrderSnapshot(book.nextRevision(0)));
      return;
    }
    long floor = revisionBase + Workflow.getInfo().getHistoryLength() * 1_000L;
    ledger.recordOrder(new OrderSnapshot(ledgerDelta.changesIn(book.nextRevision(floor))));
  }

  private static PaymentRef ref(Attempt attempt) {
    return new PaymentRef(attempt.channel(), attempt.id());
  }

  /** 32 hex characters: fits every channel's merchant order number, replays to the same value. */
  private static String newAttemptId() {
    return Workflow.randomUUID().toString().replace("-", "");
  }

  /** Like an attempt id: unique at every channel, and never of the form of an automatic one. */
  private static String newRefundNo() {
    return newAttemptId();
  }

  private static boolean refused(ActivityFailure e) {
    return e.getCause() instanceof ApplicationFailure failure && failure.isNonRetryable();
  }

  private static String rootMessage(ActivityFailure e) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return cause instanceof ApplicationFailure failure
        ? failure.getOriginalMessage()
        : cause.getMessage();
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }

  private static Duration until(long atMillis) {
    return Duration.ofMillis(Math.max(1, atMillis - now()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
