package com.payonce.api.orders;

import com.payonce.api.cashier.ClientSecrets;
import com.payonce.api.orders.OrderResponse.AttemptResponse;
import com.payonce.api.orders.OrderResponse.RefundResponse;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/orders")
class OrdersController {
  private final OrderService orders;
  private final ClientSecrets secrets;

  OrdersController(OrderService orders, ClientSecrets secrets) {
    this.orders = orders;
    this.secrets = secrets;
  }

  /** 201 for a new order; 200 with the same order when the identical checkout is repeated. */
  @PostMapping
  ResponseEntity<OrderResponse> checkout(@Valid @RequestBody CheckoutBody body) {
    OrderService.CheckoutResult result = orders.checkout(body);
    OrderResponse order = OrderResponse.of(result.order(), secrets);
    return result.created()
        ? ResponseEntity.created(URI.create("/api/v1/orders/" + order.orderId())).body(order)
        : ResponseEntity.ok(order);
  }

  @GetMapping("/{orderId}")
  OrderResponse get(@PathVariable String orderId) {
    return OrderResponse.of(orders.view(orderId), secrets);
  }

  /** Documents the problems of the caps on attempts and pay calls (types urn:payonce:problem:*). */
  @PostMapping("/{orderId}/payments")
  @ApiResponse(
      responseCode = "200",
      description = "the attempt; the same one while that channel's is open")
  @ApiResponse(
      responseCode = "409",
      description =
          "order-already-paid, order-not-payable, order-closed, payment-in-progress, or"
              + " attempt-limit-reached (the order has opened all the attempts it may)",
      content = @Content(mediaType = "application/problem+json"))
  @ApiResponse(
      responseCode = "429",
      description =
          "pay-limit-reached: the order has taken all the pay calls it may (for good: no"
              + " Retry-After); rate-limited: too many pay calls for this customer or API key"
              + " (see Retry-After)",
      content = @Content(mediaType = "application/problem+json"))
  AttemptResponse pay(@PathVariable String orderId, @Valid @RequestBody PayBody body) {
    return orders.pay(orderId, body.channel());
  }

  @PostMapping("/{orderId}/cancel")
  OrderResponse cancel(@PathVariable String orderId) {
    return OrderResponse.of(orders.cancel(orderId), secrets);
  }

  /**
   * Inside the order's late-payment window an update on its workflow; after it a workflow of its
   * own ({@code refund/<orderId>/<refundId>}), with the same caps and idempotency.
   */
  @PostMapping("/{orderId}/refunds")
  @ApiResponse(
      responseCode = "200",
      description =
          "the refund (SUCCEEDED, PROCESSING while the channel finishes it, PENDING while its"
              + " outcome is unknown); the same refund when the refundId is repeated with the same"
              + " amount. Taken also after the order's workflow has ended (its late-payment window"
              + " is over), until the channel's refund period")
  @ApiResponse(
      responseCode = "409",
      description =
          "refund-exceeds-refundable, refund-not-allowed (not paid, or 100 refunds), amount-too-"
              + "precise, refund-id-conflict (the refundId was used for another amount),"
              + " refund-rejected (the channel refused it: it is FAILED), or refund-period-over"
              + " (the channel takes no refund this long after the capture; nothing changed)",
      content = @Content(mediaType = "application/problem+json"))
  RefundResponse refund(@PathVariable String orderId, @Valid @RequestBody RefundBody body) {
    return orders.refund(orderId, body);
  }
}
