package com.payonce.api.cashier;

import com.payonce.activities.channel.PaymentChannels;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The QR code of the order's open attempt, {@code GET /pay/{orderId}/qr.png?secret=}. Its content
 * is always the pay URL the channel gave for the order, never text from the request, so payonce
 * cannot be made to draw someone else's QR code.
 */
@RestController
class CashierQrCodeController {
  private final CustomerOrders orders;
  private final PaymentChannels channels;
  private final Clock clock = Clock.systemUTC();

  CashierQrCodeController(CustomerOrders orders, PaymentChannels channels) {
    this.orders = orders;
    this.channels = channels;
  }

  /**
   * @param attempt the attempt the page shows: another one open by now answers 404 rather than a QR
   *     code that does not match the page (and it makes each attempt's image URL distinct)
   */
  @GetMapping("/pay/{orderId}/qr.png")
  ResponseEntity<byte[]> qrCode(
      @PathVariable String orderId,
      @RequestParam(required = false) String secret,
      @RequestParam(required = false) String attempt) {
    return orders
        .find(orderId, secret)
        .flatMap(this::openQrAttempt)
        .filter(open -> attempt == null || attempt.equals(open.attemptId()))
        .map(
            open ->
                ResponseEntity.ok()
                    .contentType(MediaType.IMAGE_PNG)
                    .cacheControl(CacheControl.noStore())
                    .body(QrCodePng.of(open.payUrl())))
        .orElseGet(() -> ResponseEntity.notFound().cacheControl(CacheControl.noStore()).build());
  }

  private Optional<AttemptView> openQrAttempt(OrderView order) {
    if (order.status() != OrderStatus.AWAITING_PAYMENT
        || clock.millis() >= order.expiresAtMillis()) {
      return Optional.empty();
    }
    List<AttemptView> open =
        order.attempts().stream()
            .filter(a -> a.status() == AttemptStatus.OPEN && a.payUrl() != null)
            .filter(a -> channels.find(a.channel()).map(c -> c.paysByQrCode()).orElse(false))
            .toList();
    // the newest: a switch of channel closes the previous attempt, but a page may ask in between
    return open.isEmpty() ? Optional.empty() : Optional.of(open.get(open.size() - 1));
  }
}
