package com.payonce.sandbox.channel;

import com.payonce.sandbox.webhook.WebhookDispatcher;
import com.payonce.sandbox.webhook.WebhookEvent;
import com.payonce.sandbox.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One simulated PSP channel: its orders, its captures and refunds, its fault settings, and the
 * webhooks it sends. State lives in memory only.
 */
public final class SandboxChannel {

  private final String name;
  private final String webhookSecret;
  private final WebhookDispatcher webhooks;
  private final Clock clock;
  private final ConcurrentMap<String, SandboxOrder> orders = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicReference<ChannelSettings> settings =
      new AtomicReference<>(ChannelSettings.DEFAULTS);

  public SandboxChannel(String name, String webhookSecret, WebhookDispatcher webhooks, Clock clock) {
    this.name = name;
    this.webhookSecret = webhookSecret;
    this.webhooks = webhooks;
    this.clock = clock;
  }

  public String name() {
    return name;
  }

  /**
   * Creates the order, or returns the one already created under the same merchantOrderNo: the
   * merchant may retry a create whose answer it never saw.
   */
  public OrderSnapshot create(NewOrder request) {
    SandboxOrder order =
        orders.computeIfAbsent(
            request.merchantOrderNo(),
            key -> {
              long seq = sequence.incrementAndGet();
              return new SandboxOrder(seq, newChannelOrderId(seq), request);
            });
    if (!order.amount().equals(request.amount())) {
      throw new SandboxException(
          ErrorCode.ORDER_MISMATCH,
          "order "
              + request.merchantOrderNo()
              + " exists for "
              + order.amount()
              + ", not "
              + request.amount());
    }
    return order.snapshot(now());
  }

  public OrderSnapshot find(String merchantOrderNo) {
    return order(merchantOrderNo).snapshot(now());
  }

  public void close(String merchantOrderNo) {
    order(merchantOrderNo).close(settings.get().closeHonored(), now());
  }

  /**
   * The customer pays: the order amount, or {@code amountOrNull} in the order's currency. Paying a
   * paid order again captures nothing and sends nothing.
   */
  public OrderSnapshot pay(String merchantOrderNo, String amountOrNull) {
    SandboxOrder order = order(merchantOrderNo);
    Amount payment =
        amountOrNull == null
            ? order.amount()
            : Amount.parse(amountOrNull, order.amount().currency());
    Instant now = now();
    boolean captured = order.pay(payment, now);
    OrderSnapshot paid = order.snapshot(now);
    if (captured) {
      notify(paid, WebhookEventType.PAYMENT_SUCCEEDED, paid.paid(), null, paid.paidAt());
    }
    return paid;
  }

  /** Refunds once per (merchantOrderNo, refundNo); a repeat answers the first refund again. */
  public RefundRecord refund(
      String merchantOrderNo, String refundNo, String amount, String reason) {
    Identifiers.require(refundNo, "refundNo");
    SandboxOrder order = order(merchantOrderNo);
    Amount refundAmount = Amount.parse(amount, order.amount().currency());
    SandboxOrder.RefundOutcome outcome =
        order.refund(refundNo, refundAmount, reason, now());
    RefundRecord refund = outcome.refund();
    if (outcome.created()) {
      notify(
          order.snapshot(refund.refundedAt()),
          WebhookEventType.REFUND_SUCCEEDED,
          refund.amount(),
          refundNo,
          refund.refundedAt());
    }
    return refund;
  }

  /** Every order that captured money, in the order the captures happened. */
  public List<OrderSnapshot> captures() {
    Instant now = now();
    return orders.values().stream()
        .map(order -> order.snapshot(now))
        .filter(OrderSnapshot::captured)
        .sorted(
            Comparator.comparing(OrderSnapshot::paidAt)
                .thenComparingLong(OrderSnapshot::sequence))
        .toList();
  }

  public ChannelSettings settings() {
    return settings.get();
  }

  public ChannelSettings changeSettings(SettingsChange change) {
    return settings.updateAndGet(current -> current.with(change));
  }

  public ChannelSettings resetSettings() {
    settings.set(ChannelSettings.DEFAULTS);
    return ChannelSettings.DEFAULTS;
  }

  /** Milliseconds are plenty for a simulator and read well in every language's date parser. */
  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private SandboxOrder order(String merchantOrderNo) {
    SandboxOrder order = merchantOrderNo == null ? null : orders.get(merchantOrderNo);
    if (order == null) {
      throw new SandboxException(
          ErrorCode.ORDER_NOT_FOUND, "no order " + merchantOrderNo + " on channel " + name);
    }
    return order;
  }

  /** The random tail keeps ids unique across restarts of the in-memory sandbox. */
  private String newChannelOrderId(long seq) {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return String.format("%s-%08d-%s", name, seq, HexFormat.of().formatHex(random));
  }

  private void notify(
      OrderSnapshot order,
      WebhookEventType type,
      Amount amount,
      String refundNo,
      Instant occurredAt) {
    if (order.notifyUrl() == null) {
      return;
    }
    WebhookEvent event =
        WebhookEvent.of(
            type,
            name,
            order.merchantOrderNo(),
            order.channelOrderId(),
            amount,
            refundNo,
            occurredAt);
    webhooks.deliver(order.notifyUrl(), webhookSecret, event);
  }

  @Override
  public String toString() {
    return "SandboxChannel[" + name + "]";
  }
}
