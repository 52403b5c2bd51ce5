package com.payonce.api.orders;

import static com.payonce.api.orders.FieldPatterns.ID;
import static com.payonce.api.orders.FieldPatterns.ID_RULE;
import static com.payonce.api.orders.FieldPatterns.PRINTABLE_128;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.ledger.OrderSearch;
import com.payonce.activities.ledger.OrderSearch.Found;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.order.OrderStatus;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists and searches orders, as the ledger has them, a page at a time. */
@RestController
class OrderSearchController {
  private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
  private final OrderSearch search;
  private final PaymentChannels channels;

  OrderSearchController(OrderSearch search, PaymentChannels channels) {
    this.search = search;
    this.channels = channels;
  }

  /** Newest first; every filter given must hold. */
  @GetMapping("/api/v1/orders")
  OrdersPage list(
      @RequestParam(required = false)
          @Pattern(regexp = PRINTABLE_128, message = "must be 1 to 128 printable characters")
          String customerId,
      @RequestParam(required = false) OrderStatus status,
      @Parameter(description = "orders with an attempt at this channel")
          @RequestParam(required = false)
          String channel,
      @Parameter(description = "created at or after, ISO-8601 (2026-12-01T00:00:00Z)")
          @RequestParam(required = false)
          Instant createdFrom,
      @Parameter(description = "created before, ISO-8601") @RequestParam(required = false)
          Instant createdTo,
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @Parameter(description = "the last order id of the previous page")
          @RequestParam(required = false)
          @Pattern(regexp = ID, message = ID_RULE)
          String startingAfter) {
    requireWithinRange("createdFrom", createdFrom);
    requireWithinRange("createdTo", createdTo);
    if (channel != null && channels.find(channel).isEmpty()) {
      throw new ApiProblem(Problem.UNKNOWN_CHANNEL, "channel must be one of " + channels.names());
    }
    List<Found> found =
        search
            .find(
                new OrderSearch.Filter(
                    customerId, status, channel, createdFrom, createdTo, startingAfter),
                limit + 1)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        Problem.INVALID_REQUEST, "startingAfter names no order: " + startingAfter));
    return new OrdersPage(
        found.stream().limit(limit).map(OrderSummaryResponse::of).toList(), found.size() > limit);
  }

  /** Instant takes years to a billion; JDBC and PostgreSQL do not (years 1 to 9999 here). */
  private static void requireWithinRange(String name, Instant time) {
    if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
      throw new ApiProblem(Problem.INVALID_REQUEST, name + " must be between years 1 and 9999");
    }
  }
}
