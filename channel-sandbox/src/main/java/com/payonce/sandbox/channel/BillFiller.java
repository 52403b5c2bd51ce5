package com.payonce.sandbox.channel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Currency;

/**
 * The benchmark's synthetic captures, appended to every statement of a channel whose {@code
 * statementFillerLines} is N, made one at a time while the file streams (never held). The contract
 * the benchmark relies on to insert the matching ledger rows: for n = 1..N, the merchant order
 * number (payonce's attempt id) is {@code String.format("f%031x", n)}, the amount {@code 100 + n %
 * 9900} fen in CNY, the fee at the channel's rate, booked at noon China time of the bill date, and
 * the channel's trade number {@code "filler-" + n}.
 */
public final class BillFiller {

  private static final Currency CNY = Currency.getInstance("CNY");

  private BillFiller() {}

  public static BillEntry line(long n, LocalDate billDate, int feeBasisPoints) {
    Amount amount = new Amount(100 + n % 9900, CNY);
    Instant noon = billDate.atTime(LocalTime.NOON).atZone(BillDay.CHINA).toInstant();
    return new BillEntry(
        BillEntry.Kind.CAPTURE,
        String.format("f%031x", n),
        "filler-" + n,
        null,
        amount,
        amount,
        amount,
        BillFees.onCapture(amount.minor(), feeBasisPoints),
        noon);
  }
}
