package com.payonce.api.orders;

import java.util.List;

/**
 * A page of orders, newest first.
 *
 * @param hasMore more orders match: ask again with {@code startingAfter} = the last order's id
 */
record OrdersPage(List<OrderSummaryResponse> orders, boolean hasMore) {}
