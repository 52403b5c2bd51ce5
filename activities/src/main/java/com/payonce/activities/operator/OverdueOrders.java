package com.payonce.activities.operator;

import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Finds what payonce should have settled by now and has not, as the ledger shows it: an order still
 * awaiting payment long after its expiry and late-payment window, a refund still pending for days.
 * Each is one operator item (its key keeps a second sweep from raising it again).
 */
public class OverdueOrders {
  private static final int LIMIT = 100;

  private final JdbcClient jdbc;

  public OverdueOrders(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * @param orderGrace past an order's expiry: its late-payment window and some slack
   * @param refundGrace past a refund's creation
   */
  public List<NewOperatorItem> find(Instant now, Duration orderGrace, Duration refundGrace) {
    List<NewOperatorItem> overdue = new ArrayList<>();
    jdbc.sql(
            """
            SELECT order_id, expires_at FROM orders
            WHERE status = 'AWAITING_PAYMENT' AND expires_at < :before
              AND NOT EXISTS (SELECT 1 FROM operator_items i
                              WHERE i.item_key = 'order-overdue/' || orders.order_id)
            ORDER BY expires_at LIMIT :limit
            """)
        .param("before", Timestamp.from(now.minus(orderGrace)))
        .param("limit", LIMIT)
        .query(
            row -> {
              String orderId = row.getString("order_id");
              overdue.add(
                  new NewOperatorItem(
                      "order-overdue/" + orderId,
                      OperatorReason.ORDER_OVERDUE,
                      orderId,
                      null,
                      null,
                      null,
                      "the order expired at "
                          + row.getTimestamp("expires_at").toInstant()
                          + " and is still AWAITING_PAYMENT in the ledger: its workflow has not"
                          + " settled it (see it in the Temporal Web UI)"));
            });
    jdbc.sql(
            """
            SELECT r.order_id, r.refund_id, r.kind, r.status, r.created_at, a.channel, r.attempt_id,
                   r.refund_no
            FROM refunds r JOIN payment_attempts a ON a.attempt_id = r.attempt_id
            WHERE r.status IN ('PENDING', 'PROCESSING') AND r.created_at < :before
              AND NOT EXISTS (SELECT 1 FROM operator_items i
                              WHERE i.item_key = 'refund-overdue/' || r.order_id || '/' || r.kind
                                                 || '/' || r.refund_id)
            ORDER BY r.created_at LIMIT :limit
            """)
        .param("before", Timestamp.from(now.minus(refundGrace)))
        .param("limit", LIMIT)
        .query(
            row -> {
              String orderId = row.getString("order_id");
              overdue.add(
                  new NewOperatorItem(
                      "refund-overdue/"
                          + orderId
                          + "/"
                          + row.getString("kind")
                          + "/"
                          + row.getString("refund_id"),
                      OperatorReason.ORDER_OVERDUE,
                      orderId,
                      row.getString("channel"),
                      row.getString("attempt_id"),
                      row.getString("refund_no"),
                      "the refund "
                          + row.getString("refund_id")
                          + " asked at "
                          + row.getTimestamp("created_at").toInstant()
                          + " is still "
                          + row.getString("status")
                          + " at the channel"));
            });
    return overdue;
  }
}
