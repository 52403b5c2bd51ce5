package com.payonce.workflows.order;

import com.payonce.workflows.channel.ChannelActivities;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.PaymentRef;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import com.payonce.workflows.money.Money;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An in-memory payment channel (all channel names share it) that behaves like the real ones where
 * it matters to the workflow: it dedups creates on the attempt id and refunds on the refund number,
 * refuses to close a paid order (or one the customer is paying), may lie about a close, may finish
 * refunds asynchronously, may answer queries late, and records every call it gets. The test plays
 * the customer ({@link #customerPays}), the network ({@link #failNext}) and the channel's back
 * office ({@link #completeRefund}).
 */
final class FakeChannel implements ChannelActivities {

  enum Op {
    CREATE,
    QUERY,
    CLOSE,
    REFUND,
    QUERY_REFUND
  }

  enum State {
    WAIT_PAY,
    PAID,
    CLOSED
  }

  /** One call as the channel saw it; refundNo only for refunds, amount only for refund sends. */
  record Call(Op op, String channel, String attemptId, String refundNo, long amountMinor) {}

  private static final class Payment {
    final String channel;
    final Money amount;
    final ChannelOrder order;
    State state = State.WAIT_PAY;
    boolean customerPaying;

    /** Paid, but the query API does not know yet: it still answers WAIT_PAY. */
    boolean queryLags;

    long capturedMinor;
    long refundedMinor;
    final Map<String, ChannelRefund> refunds = new LinkedHashMap<>();

    Payment(String channel, Money amount, ChannelOrder order) {
      this.channel = channel;
      this.amount = amount;
      this.order = order;
    }
  }

  /** One refund as the channel keeps it; PROCESSING ones already count against the capture. */
  private static final class ChannelRefund {
    final long amountMinor;
    ChannelRefundStatus status;

    ChannelRefund(long amountMinor, ChannelRefundStatus status) {
      this.amountMinor = amountMinor;
      this.status = status;
    }
  }

  private final Map<String, Payment> payments = new LinkedHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Map<Op, Deque<Supplier<RuntimeException>>> failures = new EnumMap<>(Op.class);
  private final Set<Op> down = new HashSet<>();
  private boolean closesHonored = true;
  private boolean refundsAsync;
  private boolean refundsAnswerFailed;
  private int createsLostAfterCommit;
  private boolean closeAtBirth;

  // ---- what the test does: the customer, the network, the channel's honesty -----------------

  /** The customer completes the payment page of an attempt, paying the amount asked. */
  synchronized void customerPays(String attemptId) {
    Payment payment = existing(attemptId);
    customerPays(attemptId, payment.amount.minor());
  }

  synchronized void customerPays(String attemptId, long minor) {
    Payment payment = existing(attemptId);
    if (payment.state != State.WAIT_PAY) {
      throw new IllegalStateException("attempt " + attemptId + " cannot be paid: " + payment.state);
    }
    payment.state = State.PAID;
    payment.customerPaying = false;
    payment.capturedMinor = minor;
  }

  /**
   * The customer is on the payment page, mid-payment: a close answers CUSTOMER_PAYING and leaves
   * the order payable; queries still say WAIT_PAY.
   */
  synchronized void customerIsPaying(String attemptId) {
    existing(attemptId).customerPaying = true;
  }

  /** The customer leaves the payment page without paying: a close works again. */
  synchronized void customerStopsPaying(String attemptId) {
    existing(attemptId).customerPaying = false;
  }

  /**
   * The customer pays, but the channel's query API lags: queries still answer WAIT_PAY (while a
   * close already answers ALREADY_PAID) until {@link #liftQueryLag}.
   */
  synchronized void customerPaysWithQueryLag(String attemptId) {
    customerPays(attemptId);
    existing(attemptId).queryLags = true;
  }

  synchronized void liftQueryLag(String attemptId) {
    existing(attemptId).queryLags = false;
  }

  /**
   * From now on refunds are asynchronous: accepted as PROCESSING, the money goes back when the test
   * calls {@link #completeRefund} (or never, {@link #failRefund}).
   */
  synchronized void refundAsynchronously() {
    refundsAsync = true;
  }

  /**
   * From now on the channel accepts refunds but answers them FAILED at once: no money goes back.
   */
  synchronized void answerRefundsFailed() {
    refundsAnswerFailed = true;
  }

  /** The channel finishes a PROCESSING refund: the money goes back to the customer. */
  synchronized void completeRefund(String attemptId, String refundNo) {
    Payment payment = existing(attemptId);
    ChannelRefund refund = existingRefund(payment, refundNo);
    if (refund.status != ChannelRefundStatus.PROCESSING) {
      throw new IllegalStateException("refund " + refundNo + " is " + refund.status);
    }
    refund.status = ChannelRefundStatus.SUCCEEDED;
    payment.refundedMinor += refund.amountMinor;
  }

  /** The channel gives up on a PROCESSING refund: no money goes back. */
  synchronized void failRefund(String attemptId, String refundNo) {
    ChannelRefund refund = existingRefund(existing(attemptId), refundNo);
    if (refund.status != ChannelRefundStatus.PROCESSING) {
      throw new IllegalStateException("refund " + refundNo + " is " + refund.status);
    }
    refund.status = ChannelRefundStatus.FAILED;
  }

  /** The channel loses a PROCESSING refund: its query answers NOT_FOUND, a resend starts anew. */
  synchronized void loseRefund(String attemptId, String refundNo) {
    Payment payment = existing(attemptId);
    ChannelRefund refund = existingRefund(payment, refundNo);
    if (refund.status != ChannelRefundStatus.PROCESSING) {
      throw new IllegalStateException("refund " + refundNo + " is " + refund.status);
    }
    payment.refunds.remove(refundNo);
  }

  /**
   * The next creates commit the order at the channel, then time out before the answer reaches
   * payonce: the outcome is unknown to the workflow, the channel has the order.
   */
  synchronized void loseCreateAnswersAfterCommit(int times) {
    createsLostAfterCommit += times;
  }

  /** The channel closes the order by itself (its own timeout, the customer cancelled the page). */
  synchronized void channelClosesOnItsOwn(String attemptId) {
    Payment payment = existing(attemptId);
    if (payment.state != State.WAIT_PAY) {
      throw new IllegalStateException("attempt " + attemptId + " is " + payment.state);
    }
    payment.state = State.CLOSED;
  }

  /** From now on the channel closes every order it creates at once (its time to pay is up). */
  synchronized void closeOrdersAtBirth() {
    closeAtBirth = true;
  }

  /** From now on a close answers CLOSED but leaves the order payable (a lying channel). */
  synchronized void stopHonoringCloses() {
    closesHonored = false;
  }

  /** The next calls of op throw these (before the channel does anything), then it works again. */
  @SafeVarargs
  final synchronized void failNext(Op op, Supplier<RuntimeException>... errors) {
    failures.computeIfAbsent(op, o -> new ArrayDeque<>()).addAll(List.of(errors));
  }

  synchronized void failNext(Op op, int times) {
    for (int i = 0; i < times; i++) {
      failNext(op, FakeChannel::timeout);
    }
  }

  /** Every call of op times out until {@link #recover}. */
  synchronized void goDown(Op op) {
    down.add(op);
  }

  synchronized void recover(Op op) {
    down.remove(op);
  }

  static RuntimeException timeout() {
    return new RuntimeException("channel timed out");
  }

  static RuntimeException refundRejected() {
    return ApplicationFailure.newNonRetryableFailure(
        "refund refused by the channel", ChannelFailure.REFUND_REJECTED.name());
  }

  static RuntimeException channelRejected() {
    return ApplicationFailure.newNonRetryableFailure(
        "amount over the channel's limit", ChannelFailure.CHANNEL_REJECTED.name());
  }

  // ---- what the test reads ------------------------------------------------------------------

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  synchronized List<Call> calls(Op op) {
    return calls.stream().filter(c -> c.op() == op).toList();
  }

  synchronized List<Call> calls(Op op, String attemptId) {
    return calls.stream().filter(c -> c.op() == op && c.attemptId().equals(attemptId)).toList();
  }

  synchronized State state(String attemptId) {
    return existing(attemptId).state;
  }

  synchronized long capturedMinor(String attemptId) {
    return existing(attemptId).capturedMinor;
  }

  synchronized long refundedMinor(String attemptId) {
    return existing(attemptId).refundedMinor;
  }

  /** What the channel says of a refund: its status, or NOT_FOUND. */
  synchronized ChannelRefundStatus refundStatus(String attemptId, String refundNo) {
    ChannelRefund refund = existing(attemptId).refunds.get(refundNo);
    return refund == null ? ChannelRefundStatus.NOT_FOUND : refund.status;
  }

  /** The channel an attempt was created at; null for one no create reached. */
  synchronized String channelOf(String attemptId) {
    Payment payment = payments.get(attemptId);
    return payment == null ? null : payment.channel;
  }

  /** Whether the channel has an order for this attempt (a create reached it). */
  synchronized boolean hasOrder(String attemptId) {
    return payments.containsKey(attemptId);
  }

  /** What the customer is out of pocket over all attempts: captured minus refunded. */
  synchronized long customerChargedMinor() {
    return payments.values().stream().mapToLong(p -> p.capturedMinor - p.refundedMinor).sum();
  }

  // ---- the channel API ----------------------------------------------------------------------

  @Override
  public synchronized ChannelOrder createPayment(CreatePayment request) {
    called(new Call(Op.CREATE, request.channel(), request.attemptId(), null, 0));
    Payment payment =
        payments.computeIfAbsent(
            request.attemptId(),
            id ->
                new Payment(
                    request.channel(),
                    request.amount(),
                    new ChannelOrder(
                        request.channel() + "-" + id,
                        "https://pay.example/" + request.channel() + "/" + id)));
    if (closeAtBirth && payment.state == State.WAIT_PAY) {
      payment.state = State.CLOSED;
    }
    if (payment.state == State.CLOSED) {
      // as Alipay (ACQ.TRADE_HAS_CLOSE) and WeChat Pay (ORDER_CLOSED) answer a number they closed
      throw ApplicationFailure.newNonRetryableFailure(
          "attempt " + request.attemptId() + " is closed at the channel",
          ChannelFailure.ATTEMPT_CLOSED.name());
    }
    if (createsLostAfterCommit > 0) {
      createsLostAfterCommit--;
      throw timeout();
    }
    return payment.order;
  }

  @Override
  public synchronized ChannelPayment queryPayment(PaymentRef ref) {
    called(new Call(Op.QUERY, ref.channel(), ref.attemptId(), null, 0));
    Payment payment = payments.get(ref.attemptId());
    if (payment == null) {
      return new ChannelPayment(ChannelPayment.Status.NOT_FOUND, new Money(0, "CNY"), 0);
    }
    ChannelPayment.Status status =
        payment.queryLags
            ? ChannelPayment.Status.WAIT_PAY
            : switch (payment.state) {
              case WAIT_PAY -> ChannelPayment.Status.WAIT_PAY;
              case PAID -> ChannelPayment.Status.PAID;
              case CLOSED -> ChannelPayment.Status.CLOSED;
            };
    long captured = payment.queryLags ? 0 : payment.capturedMinor;
    return new ChannelPayment(status, payment.amount.withMinor(captured), payment.refundedMinor);
  }

  @Override
  public synchronized CloseResult closePayment(PaymentRef ref) {
    called(new Call(Op.CLOSE, ref.channel(), ref.attemptId(), null, 0));
    Payment payment = payments.get(ref.attemptId());
    if (payment == null) {
      return CloseResult.CLOSED;
    }
    if (payment.state == State.PAID) {
      return CloseResult.ALREADY_PAID;
    }
    if (payment.state == State.WAIT_PAY && payment.customerPaying) {
      return CloseResult.CUSTOMER_PAYING;
    }
    if (closesHonored) {
      payment.state = State.CLOSED;
    }
    return CloseResult.CLOSED;
  }

  @Override
  public synchronized ChannelRefundStatus refundPayment(RefundPayment refund) {
    called(
        new Call(
            Op.REFUND,
            refund.channel(),
            refund.attemptId(),
            refund.refundNo(),
            refund.amount().minor()));
    Payment payment = payments.get(refund.attemptId());
    if (payment != null && payment.refunds.containsKey(refund.refundNo())) {
      return payment.refunds.get(refund.refundNo()).status; // a retry of a refund already made
    }
    long held =
        payment == null
            ? 0
            : payment.refunds.values().stream()
                .filter(r -> r.status != ChannelRefundStatus.FAILED)
                .mapToLong(r -> r.amountMinor)
                .sum();
    if (payment == null
        || payment.state != State.PAID
        || held + refund.amount().minor() > payment.capturedMinor) {
      throw refundRejected();
    }
    ChannelRefund made =
        new ChannelRefund(
            refund.amount().minor(),
            refundsAnswerFailed
                ? ChannelRefundStatus.FAILED
                : refundsAsync ? ChannelRefundStatus.PROCESSING : ChannelRefundStatus.SUCCEEDED);
    payment.refunds.put(refund.refundNo(), made);
    if (made.status == ChannelRefundStatus.SUCCEEDED) {
      payment.refundedMinor += made.amountMinor;
    }
    return made.status;
  }

  @Override
  public synchronized ChannelRefundStatus queryRefund(RefundRef ref) {
    called(new Call(Op.QUERY_REFUND, ref.channel(), ref.attemptId(), ref.refundNo(), 0));
    Payment payment = payments.get(ref.attemptId());
    ChannelRefund refund = payment == null ? null : payment.refunds.get(ref.refundNo());
    return refund == null ? ChannelRefundStatus.NOT_FOUND : refund.status;
  }

  private void called(Call call) {
    calls.add(call);
    if (down.contains(call.op())) {
      throw timeout();
    }
    Deque<Supplier<RuntimeException>> next = failures.get(call.op());
    if (next != null && !next.isEmpty()) {
      throw next.poll().get();
    }
  }

  private static ChannelRefund existingRefund(Payment payment, String refundNo) {
    ChannelRefund refund = payment.refunds.get(refundNo);
    if (refund == null) {
      throw new IllegalStateException("the channel has no refund " + refundNo);
    }
    return refund;
  }

  private Payment existing(String attemptId) {
    Payment payment = payments.get(attemptId);
    if (payment == null) {
      throw new IllegalStateException("the channel has no order " + attemptId);
    }
    return payment;
  }
}
