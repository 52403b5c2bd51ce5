package com.payonce.activities.ledger;

import com.payonce.workflows.channel.CreatePayment;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes an attempt's payment_attempts row before the channel hears of the attempt, so every
 * callback the channel can ever send for it finds its order. Without it a create that timed out
 * after the channel committed left a paid attempt no row named: its callback started an orphan
 * refund while the order, on the shop's retried pay, confirmed and kept the same capture. The order
 * workflow's snapshots fill in the rest of the row (this insert never overwrites them).
 */
public class AttemptClaims {
  private final JdbcClient jdbc;

  public AttemptClaims(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  public void claim(CreatePayment attempt) {
    jdbc.sql(
            """
            INSERT INTO payment_attempts (attempt_id, order_id, channel, status, created_at)
            VALUES (:attemptId, :orderId, :channel, 'OPEN', :createdAt)
            ON CONFLICT (attempt_id) DO NOTHING
            """)
        .param("attemptId", attempt.attemptId())
        .param("orderId", attempt.orderId())
        .param("channel", attempt.channel())
        .param("createdAt", Timestamp.from(Instant.now()))
        .update();
  }
}
