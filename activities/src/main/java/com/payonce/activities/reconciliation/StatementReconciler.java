package com.payonce.activities.reconciliation;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.channel.StatementUnreadable;
import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.activities.operator.OperatorQueue;
import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.orphan.OrphanPayment;
import com.payonce.workflows.reconciliation.ReconciliationSummary;
import com.payonce.workflows.reconciliation.StatementDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reconciles a statement a chunk of lines at a time, in bounded memory: match the chunk, hand the
 * captures no order keeps to the orphan path (before the commit: a start is idempotent, a lost one
 * is not), then commit the chunk's differences, operator items, totals and the line reached in one
 * transaction. A crash anywhere resumes after the last committed line; lines before it are skipped.
 */
public class StatementReconciler {
  static final int CHUNK = 2_000;

  private final PaymentChannels channels;
  private final StatementMatcher matcher;
  private final ReconciliationRunsTable runs;
  private final OperatorQueue operatorQueue;
  private final DeliveryWakeups wakeups;
  private final Consumer<OrphanPayment> startOrphan;
  private final TransactionTemplate transactions;

  /**
   * @param startOrphan starts (or joins) the orphan workflow of a capture; idempotent
   */
  public StatementReconciler(
      DataSource dataSource,
      PaymentChannels channels,
      DeliveryWakeups wakeups,
      Consumer<OrphanPayment> startOrphan) {
    this.channels = channels;
    this.matcher = new StatementMatcher(dataSource);
    this.runs = new ReconciliationRunsTable(dataSource);
    this.operatorQueue = new OperatorQueue(dataSource, wakeups);
    this.wakeups = wakeups;
    this.startOrphan = startOrphan;
    this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  public void begin(StatementDay day, String runId) {
    transactions.executeWithoutResult(
        tx -> runs.begin(day.channel(), LocalDate.parse(day.billDate()), runId));
  }

  /**
   * @param runId the workflow run reconciling the day: a run another has replaced writes nothing
   * @param progress told the last line committed after every chunk (the activity's heartbeat)
   * @throws StatementUnreadable when a line or a sum cannot be read, or the run was replaced
   */
  public ReconciliationSummary reconcile(StatementDay day, String runId, LongConsumer progress) {
    PaymentChannel channel = channels.get(day.channel());
    LocalDate billDate = LocalDate.parse(day.billDate());
    long resumeAfter = runs.linesDone(day.channel(), billDate);
    List<StatementLine> chunk = new ArrayList<>(CHUNK);
    try {
      channel.readStatement(
          billDate,
          line -> {
            if (line.lineNumber() <= resumeAfter) {
              return;
            }
            chunk.add(line);
            if (chunk.size() == CHUNK) {
              settle(day, billDate, runId, chunk);
              progress.accept(line.lineNumber());
              chunk.clear();
            }
          });
      if (!chunk.isEmpty()) {
        settle(day, billDate, runId, chunk);
      }
    } catch (IllegalArgumentException | ArithmeticException | DataIntegrityViolationException e) {
      // a value or a sum no retry reads otherwise (a record the parser refuses is a
      // StatementUnreadable already; a download cut short or a hash that does not match is retried)
      throw new StatementUnreadable(
          day.channel() + " statement of " + day.billDate() + ": " + e.getMessage(), e);
    }
    if (!runs.finish(day.channel(), billDate, runId, "DONE")) {
      throw replaced(day, runId);
    }
    return runs.summary(day.channel(), billDate);
  }

  /** The statement cannot be read further: an operator item, and the run STOPPED where it got. */
  public ReconciliationSummary stop(StatementDay day, String runId, String why) {
    LocalDate billDate = LocalDate.parse(day.billDate());
    long linesDone = runs.linesDone(day.channel(), billDate);
    if (!runs.finish(day.channel(), billDate, runId, "STOPPED")) {
      return runs.summary(day.channel(), billDate); // replaced: the day's run is another's now
    }
    operatorQueue.raise(
        new NewOperatorItem(
            "statement/" + day.channel() + "/" + day.billDate(),
            OperatorReason.STATEMENT_UNREADABLE,
            null,
            day.channel(),
            null,
            null,
            "reconciled up to line "
                + linesDone
                + " only: "
                + (why == null ? "no reason given" : why)));
    return runs.summary(day.channel(), billDate);
  }

  private void settle(
      StatementDay day, LocalDate billDate, String runId, List<StatementLine> chunk) {
    List<LineVerdict> verdicts = matcher.match(day.channel(), chunk);
    for (LineVerdict verdict : verdicts) {
      if (verdict.startsOrphan()) {
        StatementLine line = verdict.line();
        startOrphan.accept(
            new OrphanPayment(
                day.channel(),
                line.attemptId(),
                "statement/" + day.billDate() + "/" + line.lineNumber()));
      }
    }
    List<OperatorQueue.Raised> raised = new ArrayList<>();
    transactions.executeWithoutResult(
        tx -> {
          long done =
              runs.lockLinesDone(day.channel(), billDate, runId)
                  .orElseThrow(() -> replaced(day, runId));
          // another attempt of this activity (a heartbeat thought lost) may have got further
          List<LineVerdict> fresh =
              verdicts.stream().filter(v -> v.line().lineNumber() > done).toList();
          if (fresh.isEmpty()) {
            return;
          }
          Map<Long, Long> itemIds = new HashMap<>();
          for (LineVerdict verdict : fresh) {
            if (verdict.item() != null) {
              OperatorQueue.Raised item = operatorQueue.raiseInTransaction(verdict.item());
              raised.add(item);
              itemIds.put(verdict.line().lineNumber(), item.itemId());
            }
          }
          runs.record(day.channel(), billDate, fresh, itemIds);
        });
    raised.forEach(item -> item.wakeUp(wakeups));
  }

  private static StatementUnreadable replaced(StatementDay day, String runId) {
    return new StatementUnreadable(
        "run " + runId + " of " + day.channel() + " " + day.billDate() + " was replaced", null);
  }
}
