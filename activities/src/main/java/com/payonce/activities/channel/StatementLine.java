package com.payonce.activities.channel;

import com.payonce.workflows.money.Money;
import java.time.Instant;

/**
 * One line of a channel's own statement (its bill) of a day: a capture or a refund as the channel
 * booked it, for reconciliation against the ledger.
 *
 * @param lineNumber 1-based among the statement's money lines, the same at every download of the
 *     same statement: a reconciliation resumes after the last line it finished
 * @param attemptId the merchant order number payonce gave the channel (its attempt id)
 * @param channelTradeNo the channel's own id of the trade
 * @param refundNo the merchant refund number payonce gave the channel; null for a capture
 * @param amount what was captured or refunded, positive
 * @param fee on a capture, the fee the channel kept; on a refund, what it gave back of that fee
 *     (WeChat Pay returns it pro rata); same currency, never negative
 * @param at when the channel booked it
 */
public record StatementLine(
    long lineNumber,
    Kind kind,
    String attemptId,
    String channelTradeNo,
    String refundNo,
    Money amount,
    Money fee,
    Instant at) {

  public enum Kind {
    CAPTURE,
    REFUND
  }
}
