package com.payonce.workflows.order;

/**
 * Every {@code Workflow.getVersion} change id of payonce's workflows: what each changed, and when
 * its old branch can go. An old branch can go once no workflow that started before the change is
 * still open (check with the visibility query {@code TemporalChangeVersion}, or wait out the
 * longest an order stays open: its expiry, its 24 h late-payment window, and the refunds and
 * lagging payments it still waits for; an orphan ends with its refund), and the histories that
 * replay it are retired with it.
 */
public final class WorkflowChanges {

  /**
   * Order version 1: timers cancelled when superseded ({@link Alarm}), attempts the channel
   * confirmed CLOSED no longer swept, an attempt whose close failed closed again by the sweeps. The
   * channel create stays an activity: as a local activity it would run before the pay update is
   * durably accepted, and a worker dying then leaves a channel order and a ledger row the retried
   * task may never make (docs/SAFETY-REPORT.md). Histories: {@code OrderPayment_v0_*}.
   */
  public static final String FEWER_ROUND_TRIPS = "fewer-round-trips";

  /**
   * Order version "hostile-inputs" (read first thing in every run and handler): the shop's refund
   * ids and the automatic refund names in separate namespaces, the shop's refunds numbered at the
   * channel by the workflow; a capture the channel already refunded never kept; events for another
   * channel's attempt ignored; caps on attempts, pay calls and refunds; a payment the channel
   * signed but its query does not show yet waited for ({@link LagWatch}) before the order ends; the
   * order closed to updates before it ends, and ended only once every handler is done;
   * continue-as-new ({@link RunRollover}); ledger snapshots of what changed ({@link
   * LedgerRecorder}). Histories: {@code OrderPayment_v0_*}, {@code OrderPayment_v1_*}.
   */
  public static final String HOSTILE_INPUTS = "hostile-inputs";

  /**
   * Order version "settle-in-one-task" (read at the first payment callback that carries the
   * channel's confirmed answer, or at the first capture kept): a callback confirmed by payonce's
   * webhook endpoint is acted on in the workflow task that receives it, without a query activity
   * and the second workflow task it cost; the kept payment is recorded before its siblings are
   * closed, so the shop sees PAID without waiting for those closes. Histories: every earlier one.
   */
  public static final String SETTLE_IN_ONE_TASK = "settle-in-one-task";

  /**
   * Order version "final-sweep-in-every-run" (read first thing in the late-payment window of every
   * run): a run ends only after it swept the attempts that could still capture money once the
   * window was over. Before it, a run continued as new near the window's end (its first task after
   * the end) ended at once, and a run still following an asynchronous refund at the window's end
   * never swept: a duplicate paid shortly before, whose webhook the channel dropped, stayed
   * captured (the v3 soak, docs/SAFETY-REPORT.md). Histories: every earlier one.
   */
  public static final String FINAL_SWEEP = "final-sweep-in-every-run";

  /**
   * Order version "fresh-attempt-for-a-closed-number" (read when a create is refused as {@code
   * ATTEMPT_CLOSED}, which no channel answered before it): the attempt is closed; a create payonce
   * retried under a number the channel has closed meanwhile (expired, or closed by a sweep) opens a
   * fresh attempt, and a new number the channel closes at birth (the order's time to pay is up at
   * the channel) answers order-not-payable; before it, the pay answered channel-rejected.
   * Histories: every earlier one (none meets it).
   */
  public static final String FRESH_ATTEMPT = "fresh-attempt-for-a-closed-number";

  /**
   * Orphan version 1: a payment the channel signed but its query does not show yet is asked for
   * again, up to {@link PaymentTimings#QUERY_LAG_WINDOW}; before it, one lagging answer ended the
   * orphan as NOT_PAID.
   */
  public static final String ORPHAN_LAGGING_QUERY = "orphan-await-lagging-query";

  /**
   * Orphan version 1: the ledger is asked for the attempt at its channel; before it, an attempt
   * with the same number at another channel counted as this payment's owner.
   */
  public static final String ORPHAN_OWNER_AT_CHANNEL = "orphan-owner-at-its-channel";

  /**
   * Orphan version 1: the event goes to the attempt's order while its workflow runs; before it, the
   * orphan refunded a capture the running order might still keep.
   */
  public static final String ORPHAN_OPERATOR_ITEM = "orphan-raises-operator-item";

  public static final String ORPHAN_HAND_OFF = "orphan-hand-off-to-running-order";

  private WorkflowChanges() {}
}
