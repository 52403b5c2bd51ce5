package com.payonce.ledger;

import com.payonce.order.OrderView;

/** The order as it is now, written to PostgreSQL after every change the workflow makes. */
public record OrderSnapshot(OrderView order) {}
