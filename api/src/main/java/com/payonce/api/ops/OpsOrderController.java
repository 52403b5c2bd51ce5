package com.payonce.api.ops;

import com.payonce.activities.events.OrderEvent;
import com.payonce.activities.events.OrderEventsTable;
import com.payonce.activities.ledger.LedgerOrders;
import com.payonce.activities.ledger.WebhookInbox;
import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.api.orders.FieldPatterns;
import com.payonce.workflows.order.OrderView;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.servlet.ModelAndView;

/**
 * One order's page. From the ledger, not the workflow: it answers for every order, its workflow
 * running, finished or forgotten after the namespace retention (the Temporal link shows the rest).
 */
@Controller
@ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
class OpsOrderController {
  /** More than any order makes in practice; a page is not a feed. */
  static final int MAX_ROWS = 500;

  private static final Pattern ID = Pattern.compile(FieldPatterns.ID);

  private final LedgerOrders orders;
  private final WebhookInbox inbox;
  private final OrderEventsTable events;
  private final ChannelLiveAnswers channelAnswers;
  private final TemporalWebUi temporal;
  private final OperatorItemsTable operatorItems;

  OpsOrderController(
      LedgerOrders orders,
      WebhookInbox inbox,
      OrderEventsTable events,
      ChannelLiveAnswers channelAnswers,
      TemporalWebUi temporal,
      OperatorItemsTable operatorItems) {
    this.orders = orders;
    this.inbox = inbox;
    this.events = events;
    this.channelAnswers = channelAnswers;
    this.temporal = temporal;
    this.operatorItems = operatorItems;
  }

  @GetMapping("/ops/orders/{orderId}")
  ModelAndView order(@PathVariable String orderId) {
    if (!ID.matcher(orderId).matches()) {
      throw OpsProblem.notFound("there is no such order");
    }
    OrderView order =
        orders.find(orderId).orElseThrow(() -> OpsProblem.notFound("there is no order " + orderId));
    List<OrderEvent> orderEvents = events.ofOrder(orderId, 0, MAX_ROWS + 1);
    return new ModelAndView(
        "ops/order",
        Map.of(
            "order",
            OpsOrderPage.of(
                order,
                channelAnswers.of(order.attempts()),
                inbox.ofOrder(orderId, MAX_ROWS),
                orderEvents.stream().limit(MAX_ROWS).toList(),
                orderEvents.size() > MAX_ROWS,
                operatorItems.list(null, null, orderId, 0, MAX_ROWS).stream()
                    .map(OpsQueueItem::of)
                    .toList(),
                temporal.workflow(orderId))));
  }
}
