package com.payonce.activities.ledger;

import static com.payonce.activities.ledger.Snapshots.attempt;
import static com.payonce.activities.ledger.Snapshots.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.activities.events.DeliveryWakeups;
import com.payonce.workflows.laterefund.RefundRefusal;
import com.payonce.workflows.laterefund.RefundReservation;
import com.payonce.workflows.laterefund.ReserveRefund;
import com.payonce.workflows.laterefund.SettleRefund;
import com.payonce.workflows.ledger.OrderSnapshot;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.RefundStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The caps of late refunds, kept by PostgreSQL under the order's row lock. */
class LateRefundActivitiesImplTest {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final String ORDER = "ord-late";
  private static final RefundPeriods PERIODS =
      new RefundPeriods(Map.of("alipay", Duration.ofDays(365)));

  private LateRefundActivitiesImpl late;

  @BeforeEach
  void setUp() {
    // an order paid 99.90 by alipay attempt a1, whose workflow has ended
    new LedgerActivitiesImpl(db.dataSource())
        .recordOrder(
            new OrderSnapshot(
                order(
                    ORDER,
                    5_000,
                    OrderStatus.PAID,
                    "a1",
                    9990,
                    0,
                    List.of(attempt("a1", "alipay", AttemptStatus.PAID, 9990, 0)),
                    List.of())));
    late = at(Clock.systemUTC());
  }

  private static LateRefundActivitiesImpl at(Clock clock) {
    return new LateRefundActivitiesImpl(db.dataSource(), DeliveryWakeups.NONE, PERIODS, clock);
  }

  private static ReserveRefund ask(String refundId, String refundNo, long amount) {
    return new ReserveRefund(ORDER, refundId, refundNo, amount, "returned", 1_780_000_100_000L);
  }

  private static long events(String type) {
    return db.jdbc()
        .sql("SELECT count(*) FROM order_events WHERE order_id = :o AND type = :t")
        .param("o", ORDER)
        .param("t", type)
        .query(Long.class)
        .single();
  }

  @Test
  void aRetriedReservation_findsItsOwnRow_andAnotherNumberForTheSameRefundGetsTheFirst() {
    RefundReservation first = late.reserveRefund(ask("r-1", "no-1", 1000));
    RefundReservation retried = late.reserveRefund(ask("r-1", "no-1", 1000));
    RefundReservation again = late.reserveRefund(ask("r-1", "no-2", 1000));

    assertThat(first.refusal()).isNull();
    assertThat(first.channel()).isEqualTo("alipay");
    assertThat(first.refund().status()).isEqualTo(RefundStatus.PENDING);
    assertThat(first.refund().attemptId()).isEqualTo("a1");
    assertThat(retried.refund()).isEqualTo(first.refund());
    assertThat(again.refund().refundNo()).isEqualTo("no-1");
    assertThat(db.count("refunds")).isEqualTo(1);
    assertThat(late.reserveRefund(ask("r-1", "no-3", 1001)).refusal())
        .isEqualTo(RefundRefusal.REFUND_ID_CONFLICT);
  }

  @Test
  void reservationsAtOnce_neverHoldMoreThanTheCapture() throws Exception {
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<RefundReservation>> calls = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      String id = "r-" + i;
      calls.add(
          pool.submit(
              () -> {
                go.await();
                return late.reserveRefund(ask(id, "no-" + id, 2000));
              }));
    }
    go.countDown();
    int reserved = 0;
    for (Future<RefundReservation> call : calls) {
      RefundReservation answer = call.get();
      if (answer.refusal() == null) {
        reserved++;
      } else {
        assertThat(answer.refusal()).isEqualTo(RefundRefusal.REFUND_EXCEEDS_REFUNDABLE);
      }
    }
    pool.shutdown();

    assertThat(reserved).isEqualTo(4); // 4 x 20.00 of 99.90
    long held =
        db.jdbc()
            .sql("SELECT sum(amount_minor) FROM refunds WHERE order_id = :o")
            .param("o", ORDER)
            .query(Long.class)
            .single();
    assertThat(held).isEqualTo(8000);
  }

  @Test
  void pastTheChannelsRefundPeriod_nothingIsReserved() {
    Clock aYearAndADayLater = Clock.fixed(Instant.now().plus(Duration.ofDays(366)), ZoneOffset.UTC);

    RefundReservation answer = at(aYearAndADayLater).reserveRefund(ask("r-1", "no-1", 1000));

    assertThat(answer.refusal()).isEqualTo(RefundRefusal.REFUND_PERIOD_OVER);
    assertThat(db.count("refunds")).isZero();
    // a refund already asked for is answered, period or not
    late.reserveRefund(ask("r-2", "no-2", 1000));
    assertThat(at(aYearAndADayLater).reserveRefund(ask("r-2", "no-x", 1000)).refusal()).isNull();
  }

  @Test
  void aSucceededRefund_isCountedOnce_withTheOrdersEvents() {
    late.reserveRefund(ask("r-1", "no-1", 1000));
    SettleRefund succeeded = new SettleRefund(ORDER, "r-1", RefundStatus.SUCCEEDED, null);

    late.settleRefund(succeeded);
    late.settleRefund(succeeded); // a retried activity

    Map<String, Object> row =
        db.jdbc()
            .sql("SELECT * FROM orders WHERE order_id = :o")
            .param("o", ORDER)
            .query()
            .singleRow();
    assertThat(row.get("refunded_minor")).isEqualTo(1000L);
    assertThat(row.get("status")).isEqualTo("PARTIALLY_REFUNDED");
    assertThat((long) row.get("revision")).isGreaterThan(5_000L);
    long attemptRefunded =
        db.jdbc()
            .sql("SELECT refunded_minor FROM payment_attempts WHERE attempt_id = 'a1'")
            .query(Long.class)
            .single();
    assertThat(attemptRefunded).isEqualTo(1000L);
    assertThat(events("refund.succeeded")).isEqualTo(1);
    assertThat(events("order.partially_refunded")).isEqualTo(1);

    late.reserveRefund(ask("r-2", "no-2", 8990));
    late.settleRefund(new SettleRefund(ORDER, "r-2", RefundStatus.SUCCEEDED, null));
    assertThat(events("order.refunded")).isEqualTo(1);
    assertThat(events("attempt.refunded")).isEqualTo(1);
    assertThat(late.reserveRefund(ask("r-3", "no-3", 1)).refusal())
        .isEqualTo(RefundRefusal.REFUND_EXCEEDS_REFUNDABLE);
  }

  @Test
  void aFailedRefund_isTold_andHoldsNothing() {
    late.reserveRefund(ask("r-1", "no-1", 9990));

    late.settleRefund(new SettleRefund(ORDER, "r-1", RefundStatus.FAILED, "refused"));

    assertThat(events("refund.failed")).isEqualTo(1);
    assertThat(late.reserveRefund(ask("r-2", "no-2", 9990)).refusal()).isNull();
  }

  @Test
  void anOrderNeverPaid_takesNoRefund() {
    new LedgerActivitiesImpl(db.dataSource())
        .recordOrder(
            new OrderSnapshot(
                order("ord-expired", 3, OrderStatus.EXPIRED, null, 0, 0, List.of(), List.of())));

    RefundReservation answer =
        late.reserveRefund(new ReserveRefund("ord-expired", "r-1", "no-1", 100, null, 1L));

    assertThat(answer.refusal()).isEqualTo(RefundRefusal.REFUND_NOT_ALLOWED);
  }

  /** The review's: a capture an older binary recorded without its time still has a period. */
  @Test
  void aCaptureRecordedWithoutItsTime_isBoundedByItsAttemptsCreation() {
    db.jdbc().sql("UPDATE payment_attempts SET captured_at = NULL").update(); // a rolling deploy
    Clock threeYearsLater =
        Clock.fixed(Instant.now().plus(Duration.ofDays(3 * 365)), ZoneOffset.UTC);

    assertThat(at(threeYearsLater).reserveRefund(ask("r-1", "no-1", 1000)).refusal())
        .isEqualTo(RefundRefusal.REFUND_PERIOD_OVER);
  }
}
