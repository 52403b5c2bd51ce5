package com.payonce.activities.reconciliation;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.workflows.reconciliation.ReconciliationActivities;
import com.payonce.workflows.reconciliation.ReconciliationSummary;
import com.payonce.workflows.reconciliation.StatementDay;
import io.temporal.activity.Activity;
import java.util.List;

public class ReconciliationActivitiesImpl implements ReconciliationActivities {
  private final StatementReconciler reconciler;
  private final PaymentChannels channels;

  public ReconciliationActivitiesImpl(StatementReconciler reconciler, PaymentChannels channels) {
    this.reconciler = reconciler;
    this.channels = channels;
  }

  @Override
  public List<String> channelNames() {
    return List.copyOf(channels.names());
  }

  @Override
  public void begin(StatementDay day, String runId) {
    reconciler.begin(day, runId);
  }

  @Override
  public ReconciliationSummary reconcile(StatementDay day, String runId) {
    return reconciler.reconcile(day, runId, line -> Activity.getExecutionContext().heartbeat(line));
  }

  @Override
  public ReconciliationSummary stop(StatementDay day, String runId, String why) {
    return reconciler.stop(day, runId, why);
  }
}
