package com.payonce.activities.ledger;

import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * All SQL on the refunds table: an order's refunds as its workflow reports them. A shop's refund
 * and an automatic one are apart by kind, so a shop refund id never takes an automatic one's row.
 */
class RefundsTable {
  private final JdbcClient jdbc;

  RefundsTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * Writes the workflow's view of a refund. Unguarded by revision: it only runs in the transaction
   * of an order snapshot that {@link OrdersTable#upsert} accepted as newer.
   */
  void upsert(String orderId, RefundView refund) {
    jdbc.sql(
            """
            INSERT INTO refunds (order_id, refund_id, refund_no, attempt_id, amount_minor, status,
                                 kind, reason, created_at)
            VALUES (:orderId, :refundId, :refundNo, :attemptId, :amount, :status, :kind, :reason,
                    :createdAt)
            ON CONFLICT (order_id, kind, refund_id) DO UPDATE SET
                status = EXCLUDED.status, reason = EXCLUDED.reason, updated_at = now()
            """)
        .param("orderId", orderId)
        .param("refundId", refund.refundId())
        // null in snapshots of orders from before workflow version "hostile-inputs": the id was the
        // number
        .param("refundNo", refund.refundNo() == null ? refund.refundId() : refund.refundNo())
        .param("attemptId", refund.attemptId())
        .param("amount", refund.amountMinor())
        .param("status", refund.status().name())
        .param("kind", refund.kind().name())
        .param("reason", refund.reason())
        .param("createdAt", Timestamp.from(Instant.ofEpochMilli(refund.createdAtMillis())))
        .update();
  }

  /** The shop's refund under this id. */
  Optional<RefundView> requested(String orderId, String refundId) {
    return jdbc.sql(
            SELECT + " WHERE order_id = :orderId AND kind = 'REQUESTED' AND refund_id = :id")
        .param("orderId", orderId)
        .param("id", refundId)
        .query(RefundsTable::refund)
        .optional();
  }

  /** The shop's refunds that hold an amount (a failed one does not count against the cap). */
  int requestedHolding(String orderId) {
    return jdbc.sql(
            """
            SELECT count(*) FROM refunds
            WHERE order_id = :orderId AND kind = 'REQUESTED' AND status <> 'FAILED'
            """)
        .param("orderId", orderId)
        .query(Integer.class)
        .single();
  }

  /** What the refunds of an attempt hold: succeeded, or still possible. */
  long heldOn(String attemptId) {
    return jdbc.sql(
            """
            SELECT coalesce(sum(amount_minor), 0) FROM refunds
            WHERE attempt_id = :attemptId AND status <> 'FAILED'
            """)
        .param("attemptId", attemptId)
        .query(Long.class)
        .single();
  }

  /** A new PENDING refund; a row already under its key is left as it is. */
  void insertIfAbsent(String orderId, RefundView refund) {
    jdbc.sql(
            """
            INSERT INTO refunds (order_id, refund_id, refund_no, attempt_id, amount_minor, status,
                                 kind, reason, created_at)
            VALUES (:orderId, :refundId, :refundNo, :attemptId, :amount, :status, :kind, :reason,
                    :createdAt)
            ON CONFLICT DO NOTHING
            """)
        .param("orderId", orderId)
        .param("refundId", refund.refundId())
        .param("refundNo", refund.refundNo())
        .param("attemptId", refund.attemptId())
        .param("amount", refund.amountMinor())
        .param("status", refund.status().name())
        .param("kind", refund.kind().name())
        .param("reason", refund.reason())
        .param("createdAt", Timestamp.from(Instant.ofEpochMilli(refund.createdAtMillis())))
        .update();
  }

  /** The order's refunds, oldest first. */
  List<RefundView> ofOrder(String orderId) {
    return jdbc.sql(SELECT + " WHERE order_id = :orderId ORDER BY created_at, refund_id")
        .param("orderId", orderId)
        .query(RefundsTable::refund)
        .list();
  }

  private static final String SELECT =
      """
      SELECT refund_id, attempt_id, amount_minor, status, kind, reason, created_at, refund_no
      FROM refunds\
      """;

  private static RefundView refund(ResultSet rs, int row) throws SQLException {
    return new RefundView(
        rs.getString("refund_id"),
        rs.getString("attempt_id"),
        rs.getLong("amount_minor"),
        RefundStatus.valueOf(rs.getString("status")),
        RefundKind.valueOf(rs.getString("kind")),
        rs.getString("reason"),
        rs.getTimestamp("created_at").getTime(),
        rs.getString("refund_no"));
  }
}
