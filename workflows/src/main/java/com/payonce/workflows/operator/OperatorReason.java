package com.payonce.workflows.operator;

import io.temporal.common.SearchAttributeKey;

/** Why a situation needs a person: payonce could not settle the money on its own. */
public enum OperatorReason {
  /** The channel refused for good to give back a payment payonce does not keep. */
  REFUND_FAILED,
  /** The channel's statement and the ledger disagree on an amount or a currency. */
  AMOUNT_MISMATCH,
  /** The channel's statement shows money moved where the ledger says it did not. */
  STATUS_MISMATCH,
  /** The channel's statement has a refund payonce never asked for. */
  UNKNOWN_REFUND,
  /**
   * The channel's statement has a capture under a number no attempt of payonce's can have (longer
   * than any): not payonce's to give back on its own.
   */
  FOREIGN_CAPTURE,
  /**
   * An order, or one of its refunds, still unsettled well past its bounds (its expiry and
   * late-payment window; three days for a refund): payonce did not settle it on its own.
   */
  ORDER_OVERDUE,
  /**
   * A channel's statement payonce could not download for days, or cannot read past some line
   * (corrupt, tampered, sums beyond any real day): the day is reconciled up to that line only.
   */
  STATEMENT_UNREADABLE;

  /**
   * Set, to the latest reason, on a workflow that raised an item (an orphan whose refund the
   * channel refused, a reconciliation that found differences): Temporal's Web UI lists them with
   * {@code NeedsAttention IS NOT NULL}.
   */
  public static final SearchAttributeKey<String> NEEDS_ATTENTION =
      SearchAttributeKey.forKeyword("NeedsAttention");
}
