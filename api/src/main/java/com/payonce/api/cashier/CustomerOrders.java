package com.payonce.api.cashier;

import com.payonce.api.orders.OrderService;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.order.OrderView;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The order a customer's page may see, given its client secret. A wrong secret and an unknown order
 * answer the same empty, and the secret is checked first, so the pages cannot be used to probe
 * which order ids exist.
 */
@Component
class CustomerOrders {
  private final ClientSecrets secrets;
  private final OrderService orders;

  CustomerOrders(ClientSecrets secrets, OrderService orders) {
    this.secrets = secrets;
    this.orders = orders;
  }

  Optional<OrderView> find(String orderId, String secret) {
    if (!secrets.matches(orderId, secret)) {
      return Optional.empty();
    }
    try {
      return Optional.of(orders.view(orderId));
    } catch (ApiProblem e) {
      if (e.problem() == Problem.ORDER_NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
