package com.payonce.api.ops;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.ledger.OrderSearch;
import com.payonce.activities.ledger.OrderSearch.Found;
import com.payonce.workflows.order.OrderStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The console's order list: the same search as {@code GET /api/v1/orders} (newest first, a cursor,
 * not offsets), filtered by customer, status and channel.
 */
@Controller
@ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
class OpsOrdersController {
  private final OrderSearch search;
  private final PaymentChannels channels;

  OpsOrdersController(OrderSearch search, PaymentChannels channels) {
    this.search = search;
    this.channels = channels;
  }

  @GetMapping({"/ops", "/ops/"})
  String home() {
    return "redirect:/ops/orders";
  }

  @GetMapping("/ops/orders")
  ModelAndView list(
      @RequestParam(required = false) String customerId,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String channel,
      @RequestParam(required = false) String startingAfter,
      @RequestParam(required = false) String limit) {
    OpsOrderFilter filter =
        OpsOrderFilter.parse(customerId, status, channel, startingAfter, limit, channels.names());
    List<Found> found =
        search
            .find(filter.search(), filter.limit() + 1)
            .orElseThrow(
                () -> OpsProblem.notFound("there is no order " + startingAfter + " to page after"));
    List<Found> page = found.stream().limit(filter.limit()).toList();
    String nextPage =
        found.size() > filter.limit() ? filter.nextPage(page.get(page.size() - 1).orderId()) : null;
    return new ModelAndView(
        "ops/orders",
        Map.of(
            "list",
            new OpsOrderList(
                filter,
                page.stream().map(OpsOrderList.Row::of).toList(),
                nextPage,
                Arrays.stream(OrderStatus.values()).map(Enum::name).toList(),
                List.copyOf(channels.names()))));
  }
}
