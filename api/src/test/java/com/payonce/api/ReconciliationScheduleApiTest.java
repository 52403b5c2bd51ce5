package com.payonce.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.payonce.workflows.reconciliation.DailyReconciliationWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The daily reconciliation as Temporal runs it: the app put the Schedule in place at start, and a
 * run of it (triggered here rather than waited for) reconciles yesterday's statement of every
 * channel. Runs where schedules exist: CI's pass of this suite on the Temporal CLI's dev server
 * (the SDK's embedded test server has none, and this test is skipped there).
 */
class ReconciliationScheduleApiTest extends ApiTestSupport {

  @Test
  void theScheduleReconcilesYesterdayOfEveryChannel() {
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            temporal.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder()
                .setNamespace(temporal.getOptions().getNamespace())
                .build());
    ScheduleHandle handle = schedules.getHandle(DailyReconciliationWorkflow.SCHEDULE_ID);
    ScheduleDescription description = describeOrSkip(handle);
    assertThat(description.getSchedule().getSpec().getTimeZoneName()).isEqualTo("Asia/Shanghai");
    assertThat(
            ((ScheduleActionStartWorkflow) description.getSchedule().getAction()).getWorkflowType())
        .isEqualTo(DailyReconciliationWorkflow.WORKFLOW_TYPE);

    Instant triggered = Instant.now();
    handle.trigger();

    String yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).toString();
    for (String channel : List.of("alipay", "wechat")) {
      await("the schedule's reconciliation of " + channel + " " + yesterday)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                Reply report =
                    api("GET", "/api/v1/reconciliations/" + channel + "/" + yesterday, null);
                if (report.status() != 200) {
                  return false;
                }
                JsonNode run = report.json().path("run");
                return "DONE".equals(run.path("status").asText())
                    && !Instant.parse(run.path("startedAt").asText())
                        .isBefore(triggered.minusSeconds(1));
              });
    }
  }

  /** Skips on a server without schedules; any other failure (none in place) fails the test. */
  private static ScheduleDescription describeOrSkip(ScheduleHandle handle) {
    try {
      return handle.describe();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof StatusRuntimeException grpc
            && grpc.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
          assumeTrue(false, "this Temporal server has no schedules: " + grpc.getMessage());
        }
      }
      throw e;
    }
  }
}
