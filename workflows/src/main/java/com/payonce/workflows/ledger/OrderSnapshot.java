package com.payonce.workflows.ledger;

import com.payonce.workflows.order.OrderView;

/** The order as it is now, written to PostgreSQL after every change the workflow makes. */
public record OrderSnapshot(OrderView order) {}
