package com.payonce.api.cashier;

import com.payonce.workflows.money.Money;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What the cashier page shows of an order.
 *
 * @param result the state that replaces the pay controls ({@code paid}, {@code expired}, ...), null
 *     while the order can be paid
 * @param expiresAtUtc the expiry as text for a browser without script (the script shows it in the
 *     customer's own time zone)
 * @param serverNow this server's clock, so the script decides expiry on it, not on the customer's
 */
record CashierPage(
    String orderId,
    String secret,
    String description,
    String amount,
    String currency,
    String status,
    String result,
    String refundedAmount,
    Instant expiresAt,
    String expiresAtUtc,
    long serverNow,
    List<ChannelChoice> channels) {

  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * @param qr true when the channel is paid by scanning a QR code, false when by following a link
   */
  record ChannelChoice(String name, String label, boolean qr) {}

  static CashierPage of(OrderView order, String secret, List<ChannelChoice> channels, long now) {
    Instant expiresAt = Instant.ofEpochMilli(order.expiresAtMillis());
    return new CashierPage(
        order.orderId(),
        secret,
        order.description(),
        order.amount().toDecimal(),
        order.amount().currency(),
        order.status().name(),
        resultOf(order, now),
        new Money(order.refundedMinor(), order.amount().currency()).toDecimal(),
        expiresAt,
        UTC.format(expiresAt),
        now,
        channels);
  }

  public boolean payable() {
    return result == null;
  }

  /** As the page's script decides it too: an order past its expiry is shown expired at once. */
  private static String resultOf(OrderView order, long now) {
    if (order.status() == OrderStatus.AWAITING_PAYMENT) {
      return now >= order.expiresAtMillis() ? "expired" : null;
    }
    return order.status().name().toLowerCase().replace('_', '-');
  }
}
