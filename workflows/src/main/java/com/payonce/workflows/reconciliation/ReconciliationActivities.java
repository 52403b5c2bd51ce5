package com.payonce.workflows.reconciliation;

import io.temporal.activity.ActivityInterface;
import java.util.List;

@ActivityInterface
public interface ReconciliationActivities {

  /** The channels payonce is configured with: the daily run reconciles each. */
  List<String> channelNames();

  /**
   * Marks the day's reconciliation as run by {@code runId}; a new run of a day already reconciled
   * starts it over (its differences and items stay, keyed by line), a retry of the same run
   * resumes.
   */
  void begin(StatementDay day, String runId);

  /**
   * Downloads the statement and matches every line against the ledger, a chunk at a time, each
   * chunk's outcome committed with the line it reached: a crash resumes after it. Heartbeats the
   * line reached. Refuses to write for a run of the day another has replaced.
   */
  ReconciliationSummary reconcile(StatementDay day, String runId);

  /**
   * The statement could not be read to its end: the run stops where it got to, and an operator item
   * says why.
   */
  ReconciliationSummary stop(StatementDay day, String runId, String why);
}
