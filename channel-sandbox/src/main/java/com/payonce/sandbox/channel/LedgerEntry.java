package com.payonce.sandbox.channel;

import java.util.List;

/**
 * One captured order as the channel's books hold it, taken under the order's lock: the capture and
 * every refund accepted on it (SUCCEEDED, or PROCESSING until an asynchronous refund completes), in
 * the order they were accepted.
 */
public record LedgerEntry(PspOrderSnapshot order, List<RefundRecord> refunds) {

  public LedgerEntry {
    refunds = List.copyOf(refunds);
  }
}
