package com.payonce.api.reconciliation;

import com.payonce.workflows.reconciliation.DailyReconciliationWorkflow;
import com.payonce.workflows.reconciliation.ReconciliationWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the daily reconciliation's Temporal Schedule in place: created at the first start, brought
 * to this configuration's time at every later one. Temporal runs it whether or not this instance is
 * up; a missed day (the cluster down) is caught up once.
 */
@Component
class ReconciliationSchedule {
  private static final Logger log = LoggerFactory.getLogger(ReconciliationSchedule.class);

  private final WorkflowClient temporal;
  private final ReconciliationProperties settings;

  ReconciliationSchedule(WorkflowClient temporal, ReconciliationProperties settings) {
    this.temporal = temporal;
    this.settings = settings;
  }

  @EventListener(ApplicationReadyEvent.class)
  void keepInPlace() {
    if (!settings.scheduled()) {
      return;
    }
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            temporal.getWorkflowServiceStubs(),
            io.temporal.client.schedules.ScheduleClientOptions.newBuilder()
                .setNamespace(temporal.getOptions().getNamespace())
                .build());
    Schedule schedule = schedule();
    try {
      createOrUpdate(schedules, schedule);
    } catch (RuntimeException e) {
      if (unimplemented(e)) {
        log.info(
            "this Temporal server has no schedules (the embedded test server): reconcile with"
                + " POST /api/v1/reconciliations");
        return;
      }
      // a cluster down now gets it at the next start
      log.error(
          "the daily reconciliation schedule is not in place ({}): reconcile on demand with POST"
              + " /api/v1/reconciliations until a restart puts it in place",
          e.getMessage());
    }
  }

  private static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }

  private void createOrUpdate(ScheduleClient schedules, Schedule schedule) {
    try {
      schedules.createSchedule(
          DailyReconciliationWorkflow.SCHEDULE_ID, schedule, ScheduleOptions.newBuilder().build());
      log.info("created the daily reconciliation schedule ({} China time)", settings.cron());
    } catch (ScheduleAlreadyRunningException e) {
      schedules
          .getHandle(DailyReconciliationWorkflow.SCHEDULE_ID)
          .update(input -> new ScheduleUpdate(schedule));
    }
  }

  private Schedule schedule() {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(DailyReconciliationWorkflow.class)
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(DailyReconciliationWorkflow.SCHEDULE_ID)
                        .setTaskQueue(ReconciliationWorkflow.TASK_QUEUE)
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(settings.cron()))
                .setTimeZoneName("Asia/Shanghai")
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(java.time.Duration.ofDays(1))
                .build())
        .build();
  }
}
