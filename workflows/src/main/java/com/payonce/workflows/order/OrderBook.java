package com.payonce.workflows.order;

import com.payonce.workflows.money.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The order's state and its money rules, free of Temporal calls: which attempt is kept, what can
 * still be refunded, what the order's status is. The workflow decides when; this decides what.
 */
final class OrderBook {
  /** Attempts one order may open: far more than a customer switching channels ever needs. */
  static final int MAX_ATTEMPTS = 20;

  /** Pay updates one order may take (Temporal allows 2,000 updates per run, all kinds together). */
  static final int MAX_PAY_CALLS = 200;

  private final Checkout checkout;
  private final Map<String, Attempt> attempts = new LinkedHashMap<>();
  private final OrderRefunds refunds = new OrderRefunds();
  private OrderStatus status = OrderStatus.AWAITING_PAYMENT;
  private Attempt kept;
  private long revision;
  private int payCalls;
  private boolean hostileInputsClosed;

  OrderBook(Checkout checkout) {
    this.checkout = checkout;
  }

  /** The book a previous run carried over (always under version "hostile-inputs"). */
  static OrderBook restore(Checkout checkout, ContinuedOrder.BookState state) {
    OrderBook book = new OrderBook(checkout);
    book.hostileInputsClosed = true;
    state.attempts().forEach(a -> book.attempts.put(a.id(), Attempt.restore(a)));
    book.refunds.separateNamespaces();
    book.refunds.restore(state.refunds());
    book.status = state.status();
    book.kept = state.keptAttemptId() == null ? null : book.attempts.get(state.keptAttemptId());
    book.revision = state.revision();
    book.payCalls = state.payCalls();
    return book;
  }

  /** What the next run carries over of the book. */
  ContinuedOrder.BookState state() {
    return new ContinuedOrder.BookState(
        status,
        kept == null ? null : kept.id(),
        revision,
        payCalls,
        attempts.values().stream().map(Attempt::state).toList(),
        refunds.state());
  }

  /**
   * Workflow version "hostile-inputs" and later: refund ids in two namespaces, a capture the
   * channel already refunded never kept. Set before the first change, never unset.
   */
  void closeHostileInputs() {
    hostileInputsClosed = true;
    refunds.separateNamespaces();
  }

  Checkout checkout() {
    return checkout;
  }

  Money amount() {
    return checkout.amount();
  }

  OrderStatus status() {
    return status;
  }

  boolean awaitingPayment() {
    return status == OrderStatus.AWAITING_PAYMENT;
  }

  Optional<Attempt> attempt(String attemptId) {
    return Optional.ofNullable(attempts.get(attemptId));
  }

  Optional<Attempt> openAttempt() {
    return attempts.values().stream().filter(Attempt::isOpen).findFirst();
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts.values());
  }

  /** Attempts other than the kept one that could still capture money: watched until the end. */
  List<Attempt> unsettledAttempts() {
    return attempts.values().stream().filter(a -> a != kept && a.mayStillCapture()).toList();
  }

  Attempt newAttempt(String attemptId, String channel, long nowMillis) {
    Attempt attempt = new Attempt(attemptId, channel, nowMillis);
    attempts.put(attemptId, attempt);
    return attempt;
  }

  /**
   * Records a confirmed capture: {@link CaptureVerdict#KEPT} when it becomes the order's kept
   * payment; otherwise an automatic refund of what the channel has not already given back is
   * scheduled, and the attempt says why.
   *
   * @param refundedAtChannel what the channel already refunded of it (an orphan refund that raced
   *     the order, an operator at the channel's console): such a capture is never kept
   */
  CaptureVerdict captured(Attempt attempt, Money paid, long refundedAtChannel, long nowMillis) {
    CaptureVerdict verdict;
    String refundReason;
    if (!paid.currency().equals(amount().currency()) || paid.minor() != amount().minor()) {
      verdict = CaptureVerdict.AMOUNT_MISMATCH;
      refundReason = "amount mismatch: channel captured " + paid + ", order is " + amount();
    } else if (hostileInputsClosed && refundedAtChannel > 0) {
      verdict = CaptureVerdict.REFUNDED_AT_CHANNEL;
      refundReason = "refunded at the channel before payonce confirmed the payment";
    } else if (kept != null) {
      verdict = CaptureVerdict.DUPLICATE;
      refundReason = "duplicate payment: order already paid by attempt " + kept.id();
    } else if (!awaitingPayment()) {
      verdict = CaptureVerdict.LATE;
      refundReason = "late payment: order was already " + status;
    } else {
      attempt.captured(paid.minor(), null);
      kept = attempt;
      status = OrderStatus.PAID;
      return CaptureVerdict.KEPT;
    }
    attempt.captured(paid.minor(), refundReason);
    long alreadyBack = hostileInputsClosed ? Math.min(refundedAtChannel, paid.minor()) : 0;
    if (alreadyBack > 0) {
      attempt.refunded(alreadyBack);
    }
    if (paid.minor() > alreadyBack) {
      refunds.automatic(attempt.id(), paid.minor() - alreadyBack, refundReason, nowMillis);
    }
    return verdict;
  }

  void end(OrderStatus outcome) {
    if (awaitingPayment()) {
      status = outcome;
    }
  }

  /** Counts a pay update (the workflow checks {@link #payCallsLeft} first). */
  void countPayCall() {
    payCalls++;
  }

  boolean payCallsLeft() {
    return payCalls < MAX_PAY_CALLS;
  }

  /**
   * Whether paying on this channel may open an attempt (a retried unknown create opens none):
   * attempts the channel refused to create never reached it and do not count; the pay-call cap
   * bounds them.
   */
  boolean mayOpenAttempt(String channel) {
    long atChannels =
        attempts.values().stream()
            .filter(a -> !(a.status() == AttemptStatus.FAILED && !a.createOutcomeUnknown()))
            .count();
    return atChannels < MAX_ATTEMPTS || unknownCreate(channel).isPresent();
  }

  /** When the last payment a channel signed but has not shown stops being waited for; 0: none. */
  long laggingUntil(long lagWindowMillis) {
    long until = 0;
    for (Attempt attempt : attempts.values()) {
      until = Math.max(until, attempt.laggingUntil(lagWindowMillis));
    }
    return until;
  }

  /** Attempts whose signed payment the channel's query does not show yet, still waited for. */
  List<Attempt> lagging(long nowMillis, long lagWindowMillis) {
    return attempts.values().stream()
        .filter(a -> a.laggingUntil(lagWindowMillis) > 0)
        .filter(a -> nowMillis <= a.laggingUntil(lagWindowMillis))
        .toList();
  }

  OrderRefunds refunds() {
    return refunds;
  }

  /** The last attempt on a channel whose create may or may not have reached the channel. */
  Optional<Attempt> unknownCreate(String channel) {
    Attempt last = null;
    for (Attempt attempt : attempts.values()) {
      if (attempt.channel().equals(channel) && attempt.createOutcomeUnknown()) {
        last = attempt;
      }
    }
    return Optional.ofNullable(last);
  }

  /** What the shop can still refund of the kept payment. */
  long refundableMinor() {
    if (kept == null) {
      return 0;
    }
    return kept.capturedMinor() - refunds.heldOn(kept.id());
  }

  /** A refund of the kept payment (the workflow checks {@link #refundableMinor} first). */
  Refund requestRefund(RefundRequest request, String refundNo, long nowMillis) {
    return refunds.request(request, refundNo, kept.id(), nowMillis);
  }

  void refundSucceeded(Refund refund) {
    refund.succeeded();
    attempts.get(refund.attemptId()).refunded(refund.amountMinor());
    if (kept != null && refund.attemptId().equals(kept.id())) {
      status =
          kept.refundedMinor() >= kept.capturedMinor()
              ? OrderStatus.REFUNDED
              : OrderStatus.PARTIALLY_REFUNDED;
    }
  }

  OrderView view() {
    List<AttemptView> attemptViews = new ArrayList<>();
    long captured = 0;
    long refunded = 0;
    for (Attempt attempt : attempts.values()) {
      attemptViews.add(attempt.view());
      // no amount exceeds Money's maximum and attempts are capped: exact, but checked anyway
      captured = Math.addExact(captured, attempt.capturedMinor());
      refunded = Math.addExact(refunded, attempt.refundedMinor());
    }
    return new OrderView(
        checkout.orderId(),
        checkout.customerId(),
        checkout.amount(),
        checkout.description(),
        status,
        checkout.createdAtMillis(),
        checkout.expiresAtMillis(),
        kept == null ? null : kept.id(),
        captured,
        refunded,
        attemptViews,
        refunds.views(),
        revision);
  }

  /** A view for the ledger, newer than the last, and numbered at least {@code floor}. */
  OrderView nextRevision(long floor) {
    revision = Math.max(revision + 1, floor);
    return view();
  }
}
