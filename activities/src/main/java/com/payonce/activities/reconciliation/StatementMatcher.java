package com.payonce.activities.reconciliation;

import com.payonce.activities.channel.StatementLine;
import com.payonce.workflows.money.Money;
import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Matches statement lines against the ledger, a chunk per query: a capture must be an attempt the
 * ledger holds as captured for the same amount and currency, a refund one payonce made (an order's
 * or an orphan's) for the same amount. Reads only; the reconciler acts on the verdicts.
 */
class StatementMatcher {
  /** The longest numbers payonce gives a channel (the ledger's columns). */
  private static final int MAX_ATTEMPT_ID = 64;

  private static final int MAX_REFUND_NO = 80;

  private final JdbcClient jdbc;

  StatementMatcher(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  List<LineVerdict> match(String channel, List<StatementLine> lines) {
    Set<String> attemptIds =
        lines.stream()
            .map(StatementLine::attemptId)
            .filter(id -> id.length() <= MAX_ATTEMPT_ID)
            .collect(Collectors.toSet());
    Map<String, Held> captures = captures(channel, attemptIds);
    Map<String, Long> orphanRefunded = orphanRefunded(channel, attemptIds);
    Map<String, Held> refunds = refunds(channel, attemptIds);
    return lines.stream()
        .map(
            line ->
                line.kind() == StatementLine.Kind.CAPTURE
                    ? capture(channel, line, captures, orphanRefunded)
                    : refund(channel, line, refunds, captures))
        .toList();
  }

  private LineVerdict capture(
      String channel,
      StatementLine line,
      Map<String, Held> captures,
      Map<String, Long> orphanRefunded) {
    if (line.attemptId().length() > MAX_ATTEMPT_ID) {
      return item(
          channel,
          line,
          "FOREIGN_CAPTURE",
          null,
          null,
          itemKey(channel, "foreign-capture", line.attemptId(), line.channelTradeNo()),
          OperatorReason.FOREIGN_CAPTURE,
          "the statement has a capture of "
              + decimal(line.amount())
              + " under a number longer than any payonce gives: "
              + line.attemptId().substring(0, MAX_ATTEMPT_ID)
              + "…");
    }
    Held held = captures.get(line.attemptId());
    if (held != null && held.minor > 0) {
      if (held.minor == line.amount().minor() && held.currency.equals(line.amount().currency())) {
        return LineVerdict.matched(line);
      }
      return item(
          channel,
          line,
          "AMOUNT_MISMATCH",
          held.orderId,
          held.minor,
          itemKey(channel, "capture", line.attemptId(), ""),
          OperatorReason.AMOUNT_MISMATCH,
          "the channel captured "
              + decimal(line.amount())
              + ", the ledger holds "
              + decimal(new Money(held.minor, held.currency)));
    }
    String difference = held == null ? "UNKNOWN_CAPTURE" : "LATE_CAPTURE";
    String orderId = held == null ? null : held.orderId;
    long givenBack = orphanRefunded.getOrDefault(line.attemptId(), 0L);
    String action =
        givenBack >= line.amount().minor()
            ? LineVerdict.ALREADY_REFUNDED
            : LineVerdict.ORPHAN_STARTED;
    return new LineVerdict(line, difference, action, orderId, held == null ? null : 0L, null);
  }

  private LineVerdict refund(
      String channel, StatementLine line, Map<String, Held> refunds, Map<String, Held> captures) {
    if (line.attemptId().length() > MAX_ATTEMPT_ID
        || line.refundNo() == null
        || line.refundNo().length() > MAX_REFUND_NO) {
      return item(
          channel,
          line,
          "UNKNOWN_REFUND",
          null,
          null,
          itemKey(
              channel,
              "foreign-refund",
              line.attemptId(),
              line.refundNo() == null ? line.channelTradeNo() : line.refundNo()),
          OperatorReason.UNKNOWN_REFUND,
          "the statement has a refund of "
              + decimal(line.amount())
              + " under numbers payonce never gives");
    }
    String key = itemKey(channel, "refund", line.attemptId(), line.refundNo());
    Held held = refunds.get(line.attemptId() + "/" + line.refundNo());
    if (held == null) {
      Held payment = captures.get(line.attemptId()); // the order whose money went back
      return item(
          channel,
          line,
          "UNKNOWN_REFUND",
          payment == null ? null : payment.orderId,
          null,
          key,
          OperatorReason.UNKNOWN_REFUND,
          "the channel refunded "
              + decimal(line.amount())
              + " of "
              + line.attemptId()
              + " under "
              + line.refundNo()
              + ", a refund payonce never asked for");
    }
    if ("FAILED".equals(held.status)) {
      return item(
          channel,
          line,
          "STATUS_MISMATCH",
          held.orderId,
          held.minor,
          key,
          OperatorReason.STATUS_MISMATCH,
          "the channel refunded "
              + decimal(line.amount())
              + " under "
              + line.refundNo()
              + ", which the ledger holds as FAILED");
    }
    if (held.minor != line.amount().minor() || !held.currency.equals(line.amount().currency())) {
      return item(
          channel,
          line,
          "AMOUNT_MISMATCH",
          held.orderId,
          held.minor,
          key,
          OperatorReason.AMOUNT_MISMATCH,
          "the channel refunded "
              + decimal(line.amount())
              + " under "
              + line.refundNo()
              + ", the ledger holds "
              + decimal(new Money(held.minor, held.currency)));
    }
    return LineVerdict.matched(line);
  }

  private static LineVerdict item(
      String channel,
      StatementLine line,
      String difference,
      String orderId,
      Long payonceMinor,
      String itemKey,
      OperatorReason reason,
      String detail) {
    String attemptId = line.attemptId();
    String refundNo = line.refundNo();
    return new LineVerdict(
        line,
        difference,
        LineVerdict.OPERATOR_ITEM,
        orderId,
        payonceMinor,
        new NewOperatorItem(
            itemKey,
            reason,
            orderId,
            channel,
            attemptId.length() > MAX_ATTEMPT_ID ? null : attemptId,
            refundNo == null || refundNo.length() > MAX_REFUND_NO ? null : refundNo,
            detail));
  }

  /**
   * One item per money movement, whatever line it is on (a statement of today grows, a re-issued
   * bill may be ordered otherwise): the channel's numbers, hashed, so none of their characters (a
   * '/', any length) can make two keys one.
   */
  private static String itemKey(String channel, String what, String first, String second) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (what + "\n" + first + "\n" + (second == null ? "" : second))
                      .getBytes(StandardCharsets.UTF_8));
      return "reconciliation/" + channel + "/" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String decimal(Money money) {
    return money.toDecimal() + " " + money.currency();
  }

  /** What the ledger holds: captured on an attempt, or a refund's amount and status. */
  private record Held(String orderId, long minor, String currency, String status) {}

  private Map<String, Held> captures(String channel, Set<String> attemptIds) {
    Map<String, Held> held = new HashMap<>();
    if (attemptIds.isEmpty()) {
      return held;
    }
    jdbc.sql(
            """
            SELECT a.attempt_id, a.order_id, a.captured_minor, o.currency, a.status
            FROM payment_attempts a JOIN orders o ON o.order_id = a.order_id
            WHERE a.channel = :channel AND a.attempt_id IN (:ids)
            """)
        .param("channel", channel)
        .param("ids", attemptIds)
        .query(
            row -> {
              held.put(
                  row.getString("attempt_id"),
                  new Held(
                      row.getString("order_id"),
                      row.getLong("captured_minor"),
                      row.getString("currency"),
                      row.getString("status")));
            });
    return held;
  }

  private Map<String, Long> orphanRefunded(String channel, Set<String> attemptIds) {
    Map<String, Long> refunded = new HashMap<>();
    if (attemptIds.isEmpty()) {
      return refunded;
    }
    jdbc.sql(
            """
            SELECT attempt_id, sum(amount_minor) AS refunded FROM orphan_refunds
            WHERE channel = :channel AND attempt_id IN (:ids) GROUP BY attempt_id
            """)
        .param("channel", channel)
        .param("ids", attemptIds)
        .query(
            (RowCallbackHandler)
                row -> refunded.put(row.getString("attempt_id"), row.getLong("refunded")));
    return refunded;
  }

  /** The order's refunds and the orphans', by "attempt/refund number". */
  private Map<String, Held> refunds(String channel, Set<String> attemptIds) {
    Map<String, Held> held = new HashMap<>();
    if (attemptIds.isEmpty()) {
      return held;
    }
    jdbc.sql(
            """
            SELECT r.attempt_id, r.refund_no, r.order_id, r.amount_minor, o.currency, r.status
            FROM refunds r
            JOIN payment_attempts a ON a.attempt_id = r.attempt_id
            JOIN orders o ON o.order_id = r.order_id
            WHERE a.channel = :channel AND r.attempt_id IN (:ids)
            UNION ALL
            SELECT attempt_id, refund_no, order_id, amount_minor, currency, 'SUCCEEDED'
            FROM orphan_refunds WHERE channel = :channel AND attempt_id IN (:ids)
            """)
        .param("channel", channel)
        .param("ids", attemptIds)
        .query(
            row -> {
              held.putIfAbsent(
                  row.getString("attempt_id") + "/" + row.getString("refund_no"),
                  new Held(
                      row.getString("order_id"),
                      row.getLong("amount_minor"),
                      row.getString("currency"),
                      row.getString("status")));
            });
    return held;
  }
}
