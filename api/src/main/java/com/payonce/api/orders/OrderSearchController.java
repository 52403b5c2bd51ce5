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
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Lists and searches orders, as the ledger has them, a page at a time. */
@RestController
class OrderSearchController {
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
      @Parameter(
              description = "created at or after this instant",
              schema = @Schema(type = "string", format = "date-time"))
          @RequestParam(required = false)
          String createdFrom,
      @Parameter(
              description = "created before this instant",
              schema = @Schema(type = "string", format = "date-time"))
          @RequestParam(required = false)
          String createdTo,
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @Parameter(description = "the last order id of the previous page")
          @RequestParam(required = false)
          @Pattern(regexp = ID, message = ID_RULE)
          String startingAfter) {
    if (channel != null && channels.find(channel).isEmpty()) {
      throw new ApiProblem(Problem.UNKNOWN_CHANNEL, "channel must be one of " + channels.names());
    }
    List<Found> found =
        search
            .find(
                new OrderSearch.Filter(
                    customerId,
                    status,
                    channel,
                    CreatedAtBound.parse("createdFrom", createdFrom),
                    CreatedAtBound.parse("createdTo", createdTo),
                    startingAfter),
                limit + 1)
            .orElseThrow(
                () ->
                    new ApiProblem(
                        Problem.ORDER_NOT_FOUND, "startingAfter names no order: " + startingAfter));
    return new OrdersPage(
        found.stream().limit(limit).map(OrderSummaryResponse::of).toList(), found.size() > limit);
  }
}
