package com.payonce.api.ops;

import com.payonce.activities.ledger.OrderSearch;
import com.payonce.api.orders.FieldPatterns;
import com.payonce.workflows.order.OrderStatus;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Pattern;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The order list's filters as the form sends them: every field a string, an empty one meaning no
 * filter (the form sends them all), each checked here so a bad value is a 400 that names it.
 *
 * @param startingAfter the last order of the previous page (the list's cursor)
 */
record OpsOrderFilter(
    String customerId, OrderStatus status, String channel, String startingAfter, int limit) {
  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  private static final Pattern CUSTOMER = Pattern.compile(FieldPatterns.PRINTABLE_128);
  private static final Pattern ID = Pattern.compile(FieldPatterns.ID);

  static OpsOrderFilter parse(
      String customerId,
      String status,
      String channel,
      String startingAfter,
      String limit,
      Collection<String> channels) {
    String customer = blankToNull(customerId);
    if (customer != null && !CUSTOMER.matcher(customer).matches()) {
      throw OpsProblem.badRequest("customer must be 1 to 128 printable characters");
    }
    String channelName = blankToNull(channel);
    if (channelName != null && !channels.contains(channelName)) {
      throw OpsProblem.badRequest("channel must be one of " + channels);
    }
    String after = blankToNull(startingAfter);
    if (after != null && !ID.matcher(after).matches()) {
      throw OpsProblem.badRequest("startingAfter is not an order id");
    }
    return new OpsOrderFilter(customer, statusOf(status), channelName, after, limitOf(limit));
  }

  OrderSearch.Filter search() {
    return new OrderSearch.Filter(customerId, status, channel, null, null, startingAfter);
  }

  /** The next page's address: these filters, after {@code lastOrderId}. */
  String nextPage(String lastOrderId) {
    UriComponentsBuilder next = UriComponentsBuilder.fromPath("/ops/orders");
    if (customerId != null) {
      next.queryParam("customerId", customerId);
    }
    if (status != null) {
      next.queryParam("status", status.name());
    }
    if (channel != null) {
      next.queryParam("channel", channel);
    }
    if (limit != DEFAULT_LIMIT) {
      next.queryParam("limit", limit);
    }
    return next.queryParam("startingAfter", lastOrderId).encode().build().toUriString();
  }

  public String statusName() {
    return status == null ? null : status.name();
  }

  private static OrderStatus statusOf(String status) {
    String name = blankToNull(status);
    if (name == null) {
      return null;
    }
    try {
      return OrderStatus.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw OpsProblem.badRequest("status must be one of " + Arrays.toString(OrderStatus.values()));
    }
  }

  private static int limitOf(String limit) {
    String value = blankToNull(limit);
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= 1 && parsed <= MAX_LIMIT) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // the same answer as out of range
    }
    throw OpsProblem.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
