package com.payonce.activities.ledger;

import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads an order back from the ledger: the answer when its workflow cannot (not started yet, or
 * forgotten after the namespace retention).
 */
public class LedgerOrders {
  private final JdbcClient jdbc;

  public LedgerOrders(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public Optional<OrderView> find(String orderId) {
    List<AttemptView> attempts =
        jdbc.sql(
                """
                SELECT attempt_id, channel, status, channel_order_id, pay_url, created_at,
                       captured_minor, refunded_minor, note
                FROM payment_attempts WHERE order_id = :orderId ORDER BY created_at, attempt_id
                """)
            .param("orderId", orderId)
            .query(
                (rs, i) ->
                    new AttemptView(
                        rs.getString("attempt_id"),
                        rs.getString("channel"),
                        AttemptStatus.valueOf(rs.getString("status")),
                        rs.getString("channel_order_id"),
                        rs.getString("pay_url"),
                        rs.getTimestamp("created_at").getTime(),
                        rs.getLong("captured_minor"),
                        rs.getLong("refunded_minor"),
                        rs.getString("note")))
            .list();
    List<RefundView> refunds =
        jdbc.sql(
                """
                SELECT refund_id, attempt_id, amount_minor, status, kind, reason, created_at,
                       refund_no
                FROM refunds WHERE order_id = :orderId ORDER BY created_at, refund_id
                """)
            .param("orderId", orderId)
            .query(
                (rs, i) ->
                    new RefundView(
                        rs.getString("refund_id"),
                        rs.getString("attempt_id"),
                        rs.getLong("amount_minor"),
                        RefundStatus.valueOf(rs.getString("status")),
                        RefundKind.valueOf(rs.getString("kind")),
                        rs.getString("reason"),
                        rs.getTimestamp("created_at").getTime(),
                        rs.getString("refund_no")))
            .list();
    return jdbc.sql(
            """
            SELECT order_id, customer_id, amount_minor, currency, description, status, created_at,
                   expires_at, paid_attempt_id, captured_minor, refunded_minor, revision
            FROM orders WHERE order_id = :orderId
            """)
        .param("orderId", orderId)
        .query(
            (rs, i) ->
                new OrderView(
                    rs.getString("order_id"),
                    rs.getString("customer_id"),
                    new Money(rs.getLong("amount_minor"), rs.getString("currency")),
                    rs.getString("description"),
                    OrderStatus.valueOf(rs.getString("status")),
                    rs.getTimestamp("created_at").getTime(),
                    rs.getTimestamp("expires_at").getTime(),
                    rs.getString("paid_attempt_id"),
                    rs.getLong("captured_minor"),
                    rs.getLong("refunded_minor"),
                    attempts,
                    refunds,
                    rs.getLong("revision")))
        .optional();
  }
}
