package com.payonce.activities.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.channel.StatementLine;
import com.payonce.activities.channel.StatementUnreadable;
import com.payonce.activities.events.OrderEvent;
import com.payonce.activities.events.OrderEventsTable;
import com.payonce.activities.ledger.LedgerActivitiesImpl;
import com.payonce.activities.ledger.Snapshots;
import com.payonce.activities.ledger.TestDatabase;
import com.payonce.activities.operator.OperatorItem;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.operator.OperatorReason;
import com.payonce.workflows.orphan.OrphanPayment;
import com.payonce.workflows.reconciliation.ReconciliationSummary;
import com.payonce.workflows.reconciliation.StatementDay;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Statement lines against the real ledger schema: what matches adds up, what differs is recorded
 * and acted on once, and a run that crashes mid-file resumes where its last chunk committed. The
 * statements come from a list here; the channels' own, through their bill APIs and the simulator,
 * are read in the adapters' tests and reconciled end to end in the API and fault-proof tests.
 */
class StatementReconcilerTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final String DAY = "2026-11-30";

  private final List<OrphanPayment> orphans = new CopyOnWriteArrayList<>();
  private List<StatementLine> statement = new ArrayList<>();
  private StatementReconciler reconciler;
  private ReconciliationRunsTable runs;
  private OperatorItemsTable items;

  @BeforeEach
  void setUp() {
    PaymentChannels channels = new PaymentChannels(List.of(new ListedStatement("wechat")));
    reconciler = new StatementReconciler(db.dataSource(), channels, (e, o) -> {}, orphans::add);
    runs = new ReconciliationRunsTable(db.dataSource());
    items = new OperatorItemsTable(db.dataSource());
    new LedgerActivitiesImpl(db.dataSource()).recordOrder(Snapshots.duplicateRefunded("o-1"));
  }

  @Test
  void linesTheLedgerHoldsMatchAndAddUp() {
    capture("o-1-a2", 9990);
    refund("o-1-a2", "auto-o-1-a2", 9990);

    ReconciliationSummary summary = reconcile("run-1");

    assertThat(summary).isEqualTo(new ReconciliationSummary(2, 0, 0, 0));
    ReconciliationRun run = runs.find("wechat", LocalDate.parse(DAY)).orElseThrow();
    assertThat(run.status()).isEqualTo("DONE");
    assertThat(run.totals())
        .containsExactly(new ReconciliationRun.Totals("CNY", 1, 9990, 1, 9990, 0));
    assertThat(orphans).isEmpty();
  }

  @Test
  void aCapturePayonceNeverMadeGoesToTheOrphanPath() {
    capture("stranger-1", 500);

    assertThat(reconcile("run-1")).isEqualTo(new ReconciliationSummary(1, 1, 1, 0));

    assertThat(orphans)
        .containsExactly(new OrphanPayment("wechat", "stranger-1", "statement/" + DAY + "/1"));
    assertThat(runs.differences("wechat", LocalDate.parse(DAY), 0, 10))
        .extracting(ReconciliationDifference::kind, ReconciliationDifference::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("UNKNOWN_CAPTURE", "ORPHAN_STARTED"));
  }

  @Test
  void differencesOnlyAPersonCanSettleAreOperatorItemsAndTellTheShop() {
    capture("o-1-a2", 9999); // the ledger holds 99.90
    refund("o-1-a2", "r-nobody-asked", 100);

    assertThat(reconcile("run-1")).isEqualTo(new ReconciliationSummary(2, 2, 0, 2));
    assertThat(reconcile("run-2")).isEqualTo(new ReconciliationSummary(2, 2, 0, 2)); // again

    List<OperatorItem> open = items.list(OperatorItem.Status.OPEN, null, null, 0, 10);
    assertThat(open)
        .extracting(OperatorItem::reason)
        .containsExactly(OperatorReason.AMOUNT_MISMATCH, OperatorReason.UNKNOWN_REFUND);
    assertThat(open.get(0).detail()).contains("99.99 CNY", "99.90 CNY");
    assertThat(open.get(0).orderId()).isEqualTo("o-1");
    List<OrderEvent> attention =
        new OrderEventsTable(db.dataSource())
            .ofOrder("o-1", 0, 100).stream()
                .filter(e -> e.type().equals("order.needs_attention"))
                .toList();
    assertThat(attention).hasSize(2); // the refund went back from o-1's attempt too
  }

  @Test
  void aRunThatCrashesMidFileResumesAfterItsLastCommittedChunk() {
    int lines = StatementReconciler.CHUNK * 2 + 500;
    for (int i = 0; i < lines; i++) {
      capture("stranger-" + i, 100 + i);
    }
    reconciler.begin(new StatementDay("wechat", DAY), "run-1");
    assertThatThrownBy(
            () ->
                reconciler.reconcile(
                    new StatementDay("wechat", DAY),
                    "run-1",
                    line -> {
                      throw new IllegalStateException("the worker dies after line " + line);
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(runs.find("wechat", LocalDate.parse(DAY)).orElseThrow().linesDone())
        .isEqualTo(StatementReconciler.CHUNK);

    ReconciliationSummary resumed =
        reconciler.reconcile(new StatementDay("wechat", DAY), "run-1", l -> {});

    assertThat(resumed.lines()).isEqualTo(lines);
    ReconciliationRun run = runs.find("wechat", LocalDate.parse(DAY)).orElseThrow();
    assertThat(run.linesDone()).isEqualTo(lines);
    assertThat(run.differences()).isEqualTo(lines);
    long sum = 0;
    for (int i = 0; i < lines; i++) {
      sum += 100 + i;
    }
    assertThat(run.totals().get(0).captures()).isEqualTo(lines);
    assertThat(run.totals().get(0).capturedMinor()).isEqualTo(sum);
    // every capture handed to the orphan path at least once, none of the first chunk twice
    assertThat(orphans.stream().map(OrphanPayment::attemptId).distinct().count()).isEqualTo(lines);
    assertThat(orphans).hasSize(lines);
  }

  /** The review's: a poison statement stops with an item, never retries for days unread. */
  @Test
  void aStatementWhoseSumsNoDayCanReachStopsWithAnOperatorItem() {
    for (int i = 0; i < 100; i++) {
      capture("huge-" + i, 99_999_999_999_999_999L); // each a valid amount, together no long
    }
    StatementDay day = new StatementDay("wechat", DAY);
    reconciler.begin(day, "run-1");
    assertThatThrownBy(() -> reconciler.reconcile(day, "run-1", l -> {}))
        .isInstanceOf(StatementUnreadable.class);

    ReconciliationSummary stopped = reconciler.stop(day, "run-1", "sums beyond any day");

    assertThat(stopped.lines()).isZero();
    assertThat(runs.find("wechat", LocalDate.parse(DAY)).orElseThrow().status())
        .isEqualTo("STOPPED");
    assertThat(
            items.list(OperatorItem.Status.OPEN, OperatorReason.STATEMENT_UNREADABLE, null, 0, 10))
        .singleElement()
        .satisfies(item -> assertThat(item.detail()).contains("up to line 0", "sums beyond"));
  }

  /** The review's: an attempt of a run another has replaced writes nothing into the new one. */
  @Test
  void anAttemptOfAReplacedRunWritesNothingIntoTheNewOne() {
    int lines = StatementReconciler.CHUNK * 3;
    for (int i = 0; i < lines; i++) {
      capture("o-" + i, 100);
    }
    StatementDay day = new StatementDay("wechat", DAY);
    reconciler.begin(day, "run-1");
    assertThatThrownBy(
            () ->
                reconciler.reconcile(
                    day, "run-1", line -> reconciler.begin(day, "run-2"))) // an operator's POST
        .isInstanceOf(StatementUnreadable.class)
        .hasMessageContaining("replaced");

    reconciler.reconcile(day, "run-2", l -> {});

    ReconciliationRun run = runs.find("wechat", LocalDate.parse(DAY)).orElseThrow();
    assertThat(run.linesDone()).isEqualTo(lines);
    assertThat(run.totals().get(0).captures()).isEqualTo(lines);
  }

  /** The review's: a resumed run reports the items it raised before its crash too. */
  @Test
  void aResumedRunReportsWhatItFoundBeforeItsCrash() {
    capture("x".repeat(70), 500); // a FOREIGN_CAPTURE item on line 1
    while (statement.size() < StatementReconciler.CHUNK + 10) {
      capture("o-1-a2", 9990);
    }
    StatementDay day = new StatementDay("wechat", DAY);
    reconciler.begin(day, "run-1");
    assertThatThrownBy(
            () ->
                reconciler.reconcile(
                    day,
                    "run-1",
                    l -> {
                      throw new IllegalStateException("the worker dies");
                    }))
        .isInstanceOf(IllegalStateException.class);

    assertThat(reconciler.reconcile(day, "run-1", l -> {}).itemsRaised()).isEqualTo(1);
  }

  /** The review's: an item is about a money movement, not about the line it was on. */
  @Test
  void aDifferentForeignCaptureOnTheSameLineNextTimeIsItsOwnItem() {
    capture("A".repeat(70), 100);
    reconcile("run-1");
    statement = new ArrayList<>();
    capture("B".repeat(70), 500_000); // now line 1
    capture("A".repeat(70), 100); // now line 2

    reconcile("run-2");

    assertThat(items.list(OperatorItem.Status.OPEN, OperatorReason.FOREIGN_CAPTURE, null, 0, 10))
        .extracting(OperatorItem::detail)
        .anySatisfy(detail -> assertThat(detail).contains("5000.00 CNY"))
        .hasSize(2);
  }

  private ReconciliationSummary reconcile(String runId) {
    StatementDay day = new StatementDay("wechat", DAY);
    reconciler.begin(day, runId);
    return reconciler.reconcile(day, runId, line -> {});
  }

  private void capture(String attemptId, long minor) {
    add(StatementLine.Kind.CAPTURE, attemptId, null, minor);
  }

  private void refund(String attemptId, String refundNo, long minor) {
    add(StatementLine.Kind.REFUND, attemptId, refundNo, minor);
  }

  private void add(StatementLine.Kind kind, String attemptId, String refundNo, long minor) {
    long fee = 60;
    statement.add(
        new StatementLine(
            statement.size() + 1,
            kind,
            attemptId,
            "4200" + Integer.toHexString(attemptId.hashCode()), // one per trade, as a channel has
            refundNo,
            new Money(minor, "CNY"),
            new Money(fee, "CNY"),
            Instant.parse(DAY + "T04:00:00Z")));
  }

  /** A channel whose statement is this test's list; nothing else of it is used here. */
  private final class ListedStatement implements PaymentChannel {
    private final String name;

    ListedStatement(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public long readStatement(LocalDate billDate, Consumer<StatementLine> lines) {
      statement.forEach(lines);
      return statement.size();
    }

    @Override
    public boolean paysByQrCode() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChannelOrder create(CreatePayment request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChannelPayment query(String attemptId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CloseResult close(String attemptId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChannelRefundStatus refund(RefundPayment refund) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
      throw new UnsupportedOperationException();
    }

    @Override
    public com.payonce.activities.channel.WebhookEvent verifyWebhook(
        HttpHeaders headers, String rawBody) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ResponseEntity<String> acknowledgement() {
      throw new UnsupportedOperationException();
    }
  }
}
