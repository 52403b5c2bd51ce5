package com.payonce.workflows.order;

import com.payonce.workflows.channel.PaymentRef;

/** The workflow's mutable state of one payment attempt. Only the workflow thread touches it. */
final class Attempt {
  private final String id;
  private final String channel;
  private final long createdAtMillis;
  private AttemptStatus status = AttemptStatus.OPEN;
  private String channelOrderId;
  private String payUrl;
  private long capturedMinor;
  private long refundedMinor;
  private String note;
  private boolean createOutcomeUnknown;
  private boolean closedAtChannel;
  private long paymentSignalledAtMillis;
  private long notPaidSinceMillis;

  Attempt(String id, String channel, long createdAtMillis) {
    this.id = id;
    this.channel = channel;
    this.createdAtMillis = createdAtMillis;
  }

  String id() {
    return id;
  }

  /** How the channel knows this attempt. */
  PaymentRef ref() {
    return new PaymentRef(channel, id);
  }

  String channel() {
    return channel;
  }

  AttemptStatus status() {
    return status;
  }

  long capturedMinor() {
    return capturedMinor;
  }

  long refundedMinor() {
    return refundedMinor;
  }

  boolean isOpen() {
    return status == AttemptStatus.OPEN;
  }

  /** Captured nothing yet and could still be paid: open, closed (maybe not honored) or failed. */
  boolean mayStillCapture() {
    return capturedMinor == 0 && status != AttemptStatus.REFUNDED;
  }

  void opened(String channelOrderId, String payUrl) {
    this.channelOrderId = channelOrderId;
    this.payUrl = payUrl;
    this.status = AttemptStatus.OPEN;
    this.note = null;
    this.createOutcomeUnknown = false;
  }

  /**
   * @param outcomeUnknown the channel did not answer (it may have created the order): paying again
   *     on this channel retries the create with the same attempt id, which the channel dedups
   */
  void failed(String why, boolean outcomeUnknown) {
    status = AttemptStatus.FAILED;
    note = why;
    createOutcomeUnknown = outcomeUnknown;
  }

  boolean createOutcomeUnknown() {
    return status == AttemptStatus.FAILED && createOutcomeUnknown;
  }

  void closed() {
    if (status == AttemptStatus.OPEN) {
      status = AttemptStatus.CLOSED;
    }
  }

  /**
   * A retried create was refused because the channel has this number closed: its own word, as for
   * {@link #channelSaysClosed}, about an attempt that never opened here.
   */
  void closedBeforeItOpened() {
    status = AttemptStatus.CLOSED;
    createOutcomeUnknown = false;
    closedAtChannel = true;
  }

  /** The channel's query answered CLOSED: its own word that this attempt can no longer be paid. */
  void channelSaysClosed() {
    closed();
    closedAtChannel = true;
  }

  boolean closedAtChannel() {
    return closedAtChannel;
  }

  /** The channel signed a payment event for it (not yet confirmed by its query). */
  void paymentSignalled(long nowMillis) {
    if (paymentSignalledAtMillis == 0) {
      paymentSignalledAtMillis = nowMillis;
    }
  }

  /** The channel's query answered that a payment it signed is not there (yet). */
  void notPaidYet(long nowMillis) {
    if (paymentSignalledAtMillis > 0 && notPaidSinceMillis == 0) {
      notPaidSinceMillis = nowMillis;
    }
  }

  /**
   * Until when a payment the channel signed is waited for: the lag window from the first answer
   * that did not show it, so time the channel could not be asked at all (its query down, payonce
   * down) does not use the window up; {@code Long.MAX_VALUE} until the channel has answered once. 0
   * for an attempt with no signed payment, one that has captured, or one the channel says is
   * closed.
   */
  long laggingUntil(long lagWindowMillis) {
    if (paymentSignalledAtMillis == 0 || !mayStillCapture() || closedAtChannel) {
      return 0; // nothing signed, captured, or the channel's own word that it cannot be paid
    }
    return notPaidSinceMillis == 0 ? Long.MAX_VALUE : notPaidSinceMillis + lagWindowMillis;
  }

  void captured(long minor, String why) {
    capturedMinor = minor;
    status = AttemptStatus.PAID;
    note = why;
  }

  void refunded(long minor) {
    refundedMinor = Math.addExact(refundedMinor, minor);
    if (refundedMinor >= capturedMinor) {
      status = AttemptStatus.REFUNDED;
    }
  }

  ContinuedOrder.AttemptState state() {
    return new ContinuedOrder.AttemptState(
        id,
        channel,
        createdAtMillis,
        status,
        channelOrderId,
        payUrl,
        capturedMinor,
        refundedMinor,
        note,
        createOutcomeUnknown,
        closedAtChannel,
        paymentSignalledAtMillis,
        notPaidSinceMillis);
  }

  static Attempt restore(ContinuedOrder.AttemptState state) {
    Attempt attempt = new Attempt(state.id(), state.channel(), state.createdAtMillis());
    attempt.status = state.status();
    attempt.channelOrderId = state.channelOrderId();
    attempt.payUrl = state.payUrl();
    attempt.capturedMinor = state.capturedMinor();
    attempt.refundedMinor = state.refundedMinor();
    attempt.note = state.note();
    attempt.createOutcomeUnknown = state.createOutcomeUnknown();
    attempt.closedAtChannel = state.closedAtChannel();
    attempt.paymentSignalledAtMillis = state.paymentSignalledAtMillis();
    attempt.notPaidSinceMillis = state.notPaidSinceMillis();
    return attempt;
  }

  AttemptView view() {
    return new AttemptView(
        id,
        channel,
        status,
        channelOrderId,
        payUrl,
        createdAtMillis,
        capturedMinor,
        refundedMinor,
        note);
  }
}
