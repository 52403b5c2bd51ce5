package com.payonce.api.reconciliation;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.reconciliation.ReconciliationDifference;
import com.payonce.activities.reconciliation.ReconciliationRunsTable;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.reconciliation.ReconciliationWorkflow;
import com.payonce.workflows.reconciliation.StatementDay;
import io.temporal.client.WorkflowClient;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reconciliations against the channels' statements: the daily schedule runs yesterday's; an
 * operator runs a day again here (a crashed or finished one starts over; one running is joined).
 */
@RestController
@RequestMapping("/api/v1/reconciliations")
class ReconciliationsController {
  private static final ZoneId CHANNEL_TIME = ZoneId.of("Asia/Shanghai");

  private final ReconciliationRunsTable runs;
  private final PaymentChannels channels;
  private final WorkflowClient temporal;
  private final Clock clock = Clock.systemUTC();

  ReconciliationsController(
      ReconciliationRunsTable runs, PaymentChannels channels, WorkflowClient temporal) {
    this.runs = runs;
    this.channels = channels;
    this.temporal = temporal;
  }

  /** Today's statement so far is allowed (a channel may not have it yet: retried until it does). */
  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  StatementDay start(@Valid @RequestBody ReconciliationBody body) {
    if (channels.find(body.channel()).isEmpty()) {
      throw new ApiProblem(Problem.UNKNOWN_CHANNEL, "channel must be one of " + channels.names());
    }
    LocalDate today = LocalDate.now(clock.withZone(CHANNEL_TIME));
    if (body.billDate().isAfter(today) || body.billDate().isBefore(today.minusYears(1))) {
      throw new ApiProblem(
          Problem.STATEMENT_NOT_FOUND,
          "billDate must be a day of the last year, up to today in China time (" + today + ")");
    }
    StatementDay day = new StatementDay(body.channel(), body.billDate().toString());
    ReconciliationWorkflow run =
        temporal.newWorkflowStub(ReconciliationWorkflow.class, ReconciliationWorkflow.options(day));
    WorkflowClient.start(run::reconcile, day);
    return day;
  }

  /** The most recently started first. */
  @GetMapping
  List<ReconciliationRunResponse> recent(
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
    return runs.recent(limit).stream().map(ReconciliationRunResponse::of).toList();
  }

  @GetMapping("/{channel}/{billDate}")
  ReconciliationReport one(
      @PathVariable String channel,
      @PathVariable LocalDate billDate,
      @RequestParam(defaultValue = "0") @Min(0) long afterLine,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
    if (billDate.getYear() < 1 || billDate.getYear() > 9999) { // beyond JDBC's dates
      throw notFound(channel, billDate);
    }
    ReconciliationRunResponse run =
        runs.find(channel, billDate)
            .map(ReconciliationRunResponse::of)
            .orElseThrow(() -> notFound(channel, billDate));
    List<ReconciliationDifference> found =
        runs.differences(channel, billDate, afterLine, limit + 1);
    return new ReconciliationReport(
        run,
        found.stream().limit(limit).map(ReconciliationReport.DifferenceResponse::of).toList(),
        found.size() > limit);
  }

  private static ApiProblem notFound(String channel, LocalDate billDate) {
    return new ApiProblem(
        Problem.RECONCILIATION_NOT_FOUND, "no reconciliation of " + channel + " on " + billDate);
  }
}
