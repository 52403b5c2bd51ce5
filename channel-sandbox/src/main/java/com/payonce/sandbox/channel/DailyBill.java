package com.payonce.sandbox.channel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * One day's bill of a channel, taken from its ground-truth ledger as of one instant: captures by
 * their paid time, SUCCEEDED refunds by their refund time, in booking order, then the benchmark's
 * filler lines. Taking it twice with the same {@code asOf} and settings gives the same lines in the
 * same order, so a file written twice has the same bytes (WeChat Pay's hash is computed over one
 * writing and the file served from another).
 *
 * <p>The real lines are few (the simulator holds them in memory anyway); the filler ones are made
 * one at a time while the file is written.
 */
public final class DailyBill {

  private final LocalDate day;
  private final List<BillEntry> booked;
  private final long fillerLines;
  private final int feeBasisPoints;

  private DailyBill(LocalDate day, List<BillEntry> booked, long fillerLines, int feeBasisPoints) {
    this.day = day;
    this.booked = booked;
    this.fillerLines = fillerLines;
    this.feeBasisPoints = feeBasisPoints;
  }

  static DailyBill of(
      LocalDate day, Instant asOf, List<LedgerEntry> ledger, ChannelSettings settings) {
    Instant from = BillDay.start(day);
    Instant end = BillDay.end(day);
    Instant until = asOf.isBefore(end) ? asOf : end;
    int rate = settings.feeBasisPoints();
    List<Booked> lines = new ArrayList<>();
    for (LedgerEntry entry : ledger) {
      PspOrderSnapshot order = entry.order();
      long sequence = order.sequence();
      if (within(order.paidAt(), from, until)) {
        lines.add(
            new Booked(
                new BillEntry(
                    BillEntry.Kind.CAPTURE,
                    order.merchantOrderNo(),
                    order.channelOrderId(),
                    null,
                    order.amount(),
                    order.paid(),
                    order.paid(),
                    BillFees.onCapture(order.paid().minor(), rate),
                    order.paidAt()),
                sequence,
                0));
      }
      int index = 0;
      for (RefundRecord refund : entry.refunds()) {
        index++;
        if (refund.status() == PspRefundStatus.SUCCEEDED
            && within(refund.refundedAt(), from, until)) {
          lines.add(
              new Booked(
                  new BillEntry(
                      BillEntry.Kind.REFUND,
                      order.merchantOrderNo(),
                      order.channelOrderId(),
                      refund.refundNo(),
                      order.amount(),
                      order.paid(),
                      refund.amount(),
                      BillFees.onRefund(refund.amount().minor(), order.paid().minor(), rate),
                      refund.refundedAt()),
                  sequence,
                  index));
        }
      }
    }
    lines.sort(
        Comparator.comparing((Booked line) -> line.entry().at())
            .thenComparingLong(Booked::sequence)
            .thenComparingInt(Booked::index));
    return new DailyBill(
        day, lines.stream().map(Booked::entry).toList(), settings.statementFillerLines(), rate);
  }

  public LocalDate day() {
    return day;
  }

  /** No money moved that day (and no filler): the PSPs make no bill of such a day. */
  public boolean isEmpty() {
    return booked.isEmpty() && fillerLines == 0;
  }

  /** Every line in file order; the filler lines are made as they are handed over. */
  public void forEach(Consumer<BillEntry> lines) {
    booked.forEach(lines);
    for (long n = 1; n <= fillerLines; n++) {
      lines.accept(BillFiller.line(n, day, feeBasisPoints));
    }
  }

  private static boolean within(Instant at, Instant from, Instant until) {
    return at != null && !at.isBefore(from) && at.isBefore(until);
  }

  private record Booked(BillEntry entry, long sequence, int index) {}
}
