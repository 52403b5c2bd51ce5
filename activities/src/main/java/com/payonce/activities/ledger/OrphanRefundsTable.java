package com.payonce.activities.ledger;

import com.payonce.workflows.ledger.OrphanRefund;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * All SQL on the orphan_refunds table: payments no order kept, given back. One row per (channel,
 * attempt, refund number), so a retried record writes nothing twice.
 */
class OrphanRefundsTable {
  private final JdbcClient jdbc;

  OrphanRefundsTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  void record(OrphanRefund refund) {
    jdbc.sql(
            """
            INSERT INTO orphan_refunds (channel, attempt_id, refund_no, order_id, amount_minor,
                                        currency, reason)
            VALUES (:channel, :attemptId, :refundNo, :orderId, :amount, :currency, :reason)
            ON CONFLICT DO NOTHING
            """)
        .param("channel", refund.channel())
        .param("attemptId", refund.attemptId())
        .param("refundNo", refund.refundNo())
        .param("orderId", refund.orderId())
        .param("amount", refund.amount().minor())
        .param("currency", refund.amount().currency())
        .param("reason", refund.reason())
        .update();
  }
}
