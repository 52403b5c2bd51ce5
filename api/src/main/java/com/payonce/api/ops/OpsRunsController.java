package com.payonce.api.ops;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.reconciliation.ReconciliationDifference;
import com.payonce.activities.reconciliation.ReconciliationRun;
import com.payonce.activities.reconciliation.ReconciliationRunsTable;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Reconciliation runs in the console: the latest, and one run's totals and differences, each
 * difference linked to its order and to the operator item raised for it.
 */
@Controller
@ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
class OpsRunsController {
  static final int RECENT = 50;
  static final int DIFFERENCES_PAGE = 100;

  private final ReconciliationRunsTable runs;
  private final PaymentChannels channels;

  OpsRunsController(ReconciliationRunsTable runs, PaymentChannels channels) {
    this.runs = runs;
    this.channels = channels;
  }

  @GetMapping("/ops/runs")
  ModelAndView recent() {
    return new ModelAndView(
        "ops/runs", Map.of("runs", runs.recent(RECENT).stream().map(OpsRunPage.Run::of).toList()));
  }

  @GetMapping("/ops/runs/{channel}/{billDate}")
  ModelAndView run(
      @PathVariable String channel,
      @PathVariable String billDate,
      @RequestParam(required = false) String afterLine) {
    // a channel since removed from the configuration keeps its runs: any name of the shape
    if (!channel.matches("[a-z0-9_-]{1,32}")) {
      throw OpsProblem.notFound("there is no channel " + channel);
    }
    LocalDate date = dateOf(billDate);
    long after = afterLineOf(afterLine);
    ReconciliationRun run =
        runs.find(channel, date)
            .orElseThrow(
                () ->
                    OpsProblem.notFound(
                        "there is no reconciliation of " + channel + " for " + billDate));
    List<ReconciliationDifference> found =
        runs.differences(channel, date, after, DIFFERENCES_PAGE + 1);
    List<ReconciliationDifference> page = found.stream().limit(DIFFERENCES_PAGE).toList();
    String nextPage =
        found.size() > DIFFERENCES_PAGE
            ? UriComponentsBuilder.fromPath("/ops/runs/{channel}/{date}")
                .queryParam("afterLine", page.get(page.size() - 1).lineNumber())
                .buildAndExpand(channel, date)
                .encode()
                .toUriString()
            : "";
    return new ModelAndView(
        "ops/run",
        Map.of(
            "page",
            new OpsRunPage(
                OpsRunPage.Run.of(run),
                page.stream().map(OpsRunPage.Difference::of).toList(),
                nextPage),
            "configured",
            channels.find(channel).isPresent()));
  }

  private static LocalDate dateOf(String billDate) {
    try {
      return LocalDate.parse(billDate);
    } catch (DateTimeParseException e) {
      throw OpsProblem.badRequest("the bill date must be a day as 2026-12-01");
    }
  }

  private static long afterLineOf(String afterLine) {
    if (afterLine == null || afterLine.isBlank()) {
      return 0;
    }
    try {
      long after = Long.parseLong(afterLine);
      if (after >= 0) {
        return after;
      }
    } catch (NumberFormatException e) {
      // the same answer as a negative one
    }
    throw OpsProblem.badRequest("afterLine must be a line number");
  }
}
