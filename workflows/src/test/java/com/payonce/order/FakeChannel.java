package com.payonce.order;

import com.payonce.channel.ChannelActivities;
import com.payonce.channel.ChannelFailure;
import com.payonce.channel.ChannelOrder;
import com.payonce.channel.ChannelPayment;
import com.payonce.channel.CloseResult;
import com.payonce.channel.CreatePayment;
import com.payonce.channel.PaymentRef;
import com.payonce.channel.RefundPayment;
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
 * it matters to the workflow: it dedups creates on the attempt id and refunds on the refund
 * number, refuses to close a paid order, may lie about a close, and records every call it gets.
 * The test plays the customer ({@link #customerPays}) and the network ({@link #failNext}).
 */
final class FakeChannel implements ChannelActivities {

  enum Op {
    CREATE,
    QUERY,
    CLOSE,
    REFUND
  }

  enum State {
    WAIT_PAY,
    PAID,
    CLOSED
  }

  /** One call as the channel saw it; refundNo and amount only for refunds. */
  record Call(Op op, String channel, String attemptId, String refundNo, long amountMinor) {}

  private static final class Payment {
    final String channel;
    final Money amount;
    final ChannelOrder order;
    State state = State.WAIT_PAY;
    boolean customerPaying;
    long capturedMinor;
    long refundedMinor;
    final Set<String> refundNos = new HashSet<>();

    Payment(String channel, Money amount, ChannelOrder order) {
      this.channel = channel;
      this.amount = amount;
      this.order = order;
    }
  }

  private final Map<String, Payment> payments = new LinkedHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final Map<Op, Deque<Supplier<RuntimeException>>> failures = new EnumMap<>(Op.class);
  private final Set<Op> down = new HashSet<>();
  private boolean closesHonored = true;

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

  /** The customer is on the payment page, mid-payment: the channel refuses to close the order. */
  synchronized void customerIsPaying(String attemptId) {
    existing(attemptId).customerPaying = true;
  }

  /** The channel closes the order by itself (its own timeout, the customer cancelled the page). */
  synchronized void channelClosesOnItsOwn(String attemptId) {
    Payment payment = existing(attemptId);
    if (payment.state != State.WAIT_PAY) {
      throw new IllegalStateException("attempt " + attemptId + " is " + payment.state);
    }
    payment.state = State.CLOSED;
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
        switch (payment.state) {
          case WAIT_PAY -> ChannelPayment.Status.WAIT_PAY;
          case PAID -> ChannelPayment.Status.PAID;
          case CLOSED -> ChannelPayment.Status.CLOSED;
        };
    return new ChannelPayment(
        status, payment.amount.withMinor(payment.capturedMinor), payment.refundedMinor);
  }

  @Override
  public synchronized CloseResult closePayment(PaymentRef ref) {
    called(new Call(Op.CLOSE, ref.channel(), ref.attemptId(), null, 0));
    Payment payment = payments.get(ref.attemptId());
    if (payment == null) {
      return CloseResult.CLOSED;
    }
    if (payment.state == State.PAID || payment.customerPaying) {
      return CloseResult.ALREADY_PAID;
    }
    if (closesHonored) {
      payment.state = State.CLOSED;
    }
    return CloseResult.CLOSED;
  }

  @Override
  public synchronized void refundPayment(RefundPayment refund) {
    called(
        new Call(
            Op.REFUND, refund.channel(), refund.attemptId(), refund.refundNo(),
            refund.amount().minor()));
    Payment payment = payments.get(refund.attemptId());
    if (payment != null && payment.refundNos.contains(refund.refundNo())) {
      return; // a retry of a refund already made
    }
    if (payment == null
        || payment.state != State.PAID
        || payment.refundedMinor + refund.amount().minor() > payment.capturedMinor) {
      throw refundRejected();
    }
    payment.refundNos.add(refund.refundNo());
    payment.refundedMinor += refund.amount().minor();
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

  private Payment existing(String attemptId) {
    Payment payment = payments.get(attemptId);
    if (payment == null) {
      throw new IllegalStateException("the channel has no order " + attemptId);
    }
    return payment;
  }
}
