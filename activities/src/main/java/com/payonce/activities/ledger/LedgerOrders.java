package com.payonce.activities.ledger;

import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundView;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads an order back from the ledger: the answer when its workflow cannot (not started yet, or
 * forgotten after the namespace retention). Each part comes from the table that owns it.
 */
public class LedgerOrders {
  private final OrdersTable orders;
  private final AttemptsTable attempts;
  private final RefundsTable refunds;

  public LedgerOrders(DataSource dataSource) {
    this.orders = new OrdersTable(dataSource);
    this.attempts = new AttemptsTable(dataSource);
    this.refunds = new RefundsTable(dataSource);
  }

  public Optional<OrderView> find(String orderId) {
    List<AttemptView> orderAttempts = attempts.ofOrder(orderId);
    List<RefundView> orderRefunds = refunds.ofOrder(orderId);
    return orders.findView(orderId, orderAttempts, orderRefunds);
  }
}
