package com.payonce.workflows.order;

import static com.payonce.workflows.order.ActivityFailures.refused;
import static com.payonce.workflows.order.ActivityFailures.rootMessage;
import static com.payonce.workflows.order.OrderPaymentWorkflow.ORDER_STATUS;

import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.channel.RefundRef;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/**
 * Sends refunds, the shop's and the automatic ones, until the channel gives an answer that is
 * final, and follows the asynchronous ones (PROCESSING) to SUCCEEDED or FAILED.
 */
final class RefundSender {
  private static final Logger log = Workflow.getLogger(RefundSender.class);

  private final OrderBook book;
  private final OrderActivities activities;
  private final LedgerRecorder recorder;
  private final Backoff checks; // when PROCESSING refunds are asked about next

  RefundSender(
      OrderBook book, OrderActivities activities, LedgerRecorder recorder, Backoff checks) {
    this.book = book;
    this.activities = activities;
    this.recorder = recorder;
    this.checks = checks;
  }

  /** Refunds not sent yet, or whose last send had an unknown outcome. */
  void sendPending() {
    for (Refund refund : book.refunds().pending()) {
      send(refund, Patience.UNTIL_DONE);
      recorder.record();
    }
  }

  /**
   * Sends a refund; on an unknown outcome it stays PENDING and is sent again with the same number,
   * which the channel dedups on. A refusal marks it FAILED, so its amount is refundable again.
   */
  void send(Refund refund, Patience patience) {
    Attempt attempt = book.attempt(refund.attemptId()).orElseThrow();
    ChannelRefundStatus status;
    try {
      status =
          activities
              .channel(patience)
              .refundPayment(
                  new RefundPayment(
                      attempt.channel(),
                      attempt.id(),
                      refund.refundNo(),
                      book.amount().withMinor(refund.amountMinor()),
                      refund.reason()));
    } catch (ActivityFailure e) {
      if (refused(e)) {
        log.error("channel refused refund {}: {}", refund.id(), rootMessage(e));
        failed(refund, rootMessage(e));
      } else {
        log.info("refund {} outcome unknown, will send again: {}", refund.id(), rootMessage(e));
      }
      return;
    }
    if (status == ChannelRefundStatus.PROCESSING) {
      refund.processing();
      checks.restartIfIdle(Workflow.currentTimeMillis());
    } else if (status == ChannelRefundStatus.FAILED) {
      log.error("channel failed refund {}", refund.id());
      failed(refund, "the channel failed the refund");
    } else {
      succeeded(refund); // SUCCEEDED, or null: recorded before refunds had a status
    }
  }

  /** Asynchronous refunds: asked after each refund callback, and polled in case it is lost. */
  void checkProcessingIfDue() {
    long now = Workflow.currentTimeMillis();
    if (!checks.due(now)) {
      return;
    }
    book.refunds().processing().forEach(this::askChannel);
    checks.doubled(Workflow.currentTimeMillis(), !book.refunds().processing().isEmpty());
  }

  /** A refund callback came for this attempt: ask about its refunds still PROCESSING. */
  void refundCallback(String attemptId) {
    book.refunds().processing().stream()
        .filter(r -> r.attemptId().equals(attemptId))
        .forEach(this::askChannel);
  }

  private void askChannel(Refund refund) {
    Attempt attempt = book.attempt(refund.attemptId()).orElseThrow();
    ChannelRefundStatus status;
    try {
      status =
          activities
              .channel(Patience.UNTIL_DONE)
              .queryRefund(new RefundRef(attempt.channel(), attempt.id(), refund.refundNo()));
    } catch (ActivityFailure e) {
      log.info("query of refund {} failed, will ask again: {}", refund.id(), rootMessage(e));
      return;
    }
    switch (status) {
      case SUCCEEDED -> succeeded(refund);
      case FAILED -> failed(refund, "the channel failed the refund");
      case NOT_FOUND -> refund.resend();
      case PROCESSING -> {
        return;
      }
    }
    recorder.record();
  }

  private static void failed(Refund refund, String why) {
    refund.failed(why);
    BusinessMeters.refundFailed(refund.kind());
  }

  private void succeeded(Refund refund) {
    OrderStatus before = book.status();
    book.refundSucceeded(refund);
    if (book.status() != before) {
      Workflow.upsertTypedSearchAttributes(ORDER_STATUS.valueSet(book.status().name()));
    }
  }
}
