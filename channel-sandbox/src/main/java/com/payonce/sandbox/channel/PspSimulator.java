package com.payonce.sandbox.channel;

import com.payonce.sandbox.channel.ChannelFaults.ClosePlan;
import com.payonce.sandbox.channel.ChannelFaults.CreatePlan;
import com.payonce.sandbox.channel.ChannelFaults.RefundPlan;
import com.payonce.sandbox.channel.ChannelFaults.WebhookPlan;
import com.payonce.sandbox.channel.SandboxOrder.CloseOutcome;
import com.payonce.sandbox.webhook.NotificationFormat;
import com.payonce.sandbox.webhook.PspWebhookEvent;
import com.payonce.sandbox.webhook.WebhookDispatcher;
import com.payonce.sandbox.webhook.WebhookEventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated PSP channel: its orders, its captures and refunds, the faults it injects, and the
 * webhooks it sends. State lives in memory only.
 *
 * <p>The "timeout" faults and the create latency hold the request's own server thread (a plain
 * sleep, as a slow PSP would); asynchronous refunds and held-back (reordered) webhooks run on the
 * shared {@code timers} executor.
 */
public final class PspSimulator {

  private static final Logger log = LoggerFactory.getLogger(PspSimulator.class);

  private final String name;
  private final NotificationFormat notifications;
  private final WebhookDispatcher webhooks;
  private final ScheduledExecutorService timers;
  private final Duration reorderMaxHold;
  private final Clock clock;
  private final ChannelFaults faults;
  private final ConcurrentMap<String, SandboxOrder> orders = new ConcurrentHashMap<>();
  private final AtomicLong sequence = new AtomicLong();

  /** Per merchant order, the webhook held back for the next one to overtake; guarded by itself. */
  private final Map<String, Held> held = new HashMap<>();

  /**
   * @param defaults the settings in force at start and after a reset
   * @param timers runs asynchronous refunds and releases held-back webhooks
   * @param reorderMaxHold longest a webhook is held back waiting to be overtaken
   */
  public PspSimulator(
      String name,
      NotificationFormat notifications,
      ChannelSettings defaults,
      WebhookDispatcher webhooks,
      ScheduledExecutorService timers,
      Duration reorderMaxHold,
      Clock clock) {
    this.name = name;
    this.notifications = notifications;
    this.webhooks = webhooks;
    this.timers = timers;
    this.reorderMaxHold = reorderMaxHold;
    this.clock = clock;
    this.faults = new ChannelFaults(name, defaults);
  }

  public String name() {
    return name;
  }

  /**
   * Creates the order, or returns the one already created under the same merchantOrderNo: the
   * merchant may retry a create whose answer it never saw.
   */
  public PspOrderSnapshot create(NewOrder request) {
    String merchantOrderNo = request.merchantOrderNo();
    CreatePlan plan = faults.planCreate();
    if (plan.latencyMs() > 0) {
      faults.record(Fault.CREATE_LATENCY, merchantOrderNo, plan.latencyMs() + " ms");
      hold(plan.latencyMs());
    }
    if (plan.error()) {
      faults.record(Fault.CREATE_ERROR, merchantOrderNo, "503 SYSTEM_ERROR, nothing created");
      throw new SandboxException(
          ErrorCode.SYSTEM_ERROR, 503, "the channel is unavailable; nothing was created");
    }
    SandboxOrder order =
        orders.computeIfAbsent(
            merchantOrderNo,
            key -> {
              long seq = sequence.incrementAndGet();
              return new SandboxOrder(seq, newChannelOrderId(seq), request);
            });
    if (!order.amount().equals(request.amount())) {
      throw new SandboxException(
          ErrorCode.ORDER_MISMATCH,
          "order "
              + merchantOrderNo
              + " exists for "
              + order.amount()
              + ", not "
              + request.amount());
    }
    if (plan.timeoutAfterCommit()) {
      faults.record(
          Fault.CREATE_TIMEOUT_AFTER_COMMIT,
          merchantOrderNo,
          "created, answer held " + plan.timeoutMs() + " ms");
      hold(plan.timeoutMs());
    }
    return order.snapshot(now());
  }

  /**
   * The order as the query API reports it: within queryLagMs of its payment, a paid order still
   * looks unpaid (eventual consistency). The ledger and close always see the truth.
   */
  public PspOrderSnapshot find(String merchantOrderNo) {
    Instant now = now();
    SandboxOrder found = order(merchantOrderNo);
    PspOrderSnapshot order = found.snapshot(now);
    long lagMs = Math.max(faults.queryLagMs(), found.faults().queryLagMs());
    if (order.captured() && lagMs > 0 && now.isBefore(order.paidAt().plusMillis(lagMs))) {
      faults.record(Fault.QUERY_LAG, merchantOrderNo, "paid, answered WAIT_PAY");
      return order.beforePayment();
    }
    return order;
  }

  /**
   * Closes the order, or pretends to, or refuses with USER_PAYING; a closeTimeout fault holds the
   * answer after the work is done.
   */
  public void close(String merchantOrderNo) {
    SandboxOrder order = order(merchantOrderNo);
    ClosePlan plan = faults.planClose();
    Boolean honoredForOrder = order.faults().closeHonored();
    boolean honored = honoredForOrder != null ? honoredForOrder : plan.honored();
    CloseOutcome outcome = order.close(honored, plan.refuse(), now());
    switch (outcome) {
      case USER_PAYING -> {
        faults.record(Fault.CLOSE_USER_PAYING, merchantOrderNo, "409 USER_PAYING, not closed");
        throw userPaying(merchantOrderNo);
      }
      case REFUSED -> {
        faults.record(Fault.CLOSE_REFUSED, merchantOrderNo, "409 USER_PAYING, not closed");
        throw userPaying(merchantOrderNo);
      }
      case NOT_HONORED ->
          faults.record(Fault.CLOSE_NOT_HONORED, merchantOrderNo, "answered CLOSED, still payable");
      case CLOSED, ALREADY_CLOSED -> {
        // as asked
      }
    }
    if (plan.timeout()) {
      faults.record(
          Fault.CLOSE_TIMEOUT, merchantOrderNo, "done, answer held " + plan.timeoutMs() + " ms");
      hold(plan.timeoutMs());
    }
  }

  /** The customer opens the cashier or scans the QR code: closes are refused until they pay. */
  public PspOrderSnapshot scan(String merchantOrderNo) {
    SandboxOrder order = order(merchantOrderNo);
    Instant now = now();
    order.scan(now);
    log.debug("Customer is paying {}/{}", name, merchantOrderNo);
    return order.snapshot(now);
  }

  /**
   * The customer pays: the order amount, or {@code amountOrNull} in the order's currency. Paying a
   * paid order again captures nothing and sends nothing. An amountTamper fault captures one minor
   * unit off what the customer paid.
   */
  public PspOrderSnapshot pay(String merchantOrderNo, String amountOrNull) {
    SandboxOrder order = order(merchantOrderNo);
    Amount payment =
        amountOrNull == null
            ? order.amount()
            : Amount.parse(amountOrNull, order.amount().currency());
    boolean tamper = faults.tamperAmount();
    Amount capture = tamper ? payment.offByOneMinorUnit() : payment;
    Instant now = now();
    boolean captured = order.pay(capture, now);
    PspOrderSnapshot paid = order.snapshot(now);
    if (captured) {
      if (tamper) {
        faults.record(
            Fault.AMOUNT_TAMPER,
            merchantOrderNo,
            "customer paid " + payment + ", captured " + capture);
      }
      notify(order, paid, WebhookEventType.PAYMENT_SUCCEEDED, paid.paid(), null, paid.paidAt());
    }
    return paid;
  }

  /**
   * Refunds once per (merchantOrderNo, refundNo); a repeat answers that refund as it stands now. A
   * refundFailure fault answers 500 and a refundThrottled one 429, and neither changes anything;
   * with refundAsync the refund is PROCESSING and succeeds (webhook included) refundDelayMs later.
   */
  public RefundRecord refund(
      String merchantOrderNo, String refundNo, String amount, String reason) {
    Identifiers.require(refundNo, "refundNo");
    SandboxOrder order = order(merchantOrderNo);
    Amount refundAmount = Amount.parse(amount, order.amount().currency());
    if (order.takeRefundFailure()) {
      faults.record(
          Fault.REFUND_FAILURE,
          merchantOrderNo,
          "refund " + refundNo + ": 500 SYSTEM_ERROR (the order's own fault)");
      throw new SandboxException(
          ErrorCode.SYSTEM_ERROR, 500, "the channel failed; refund " + refundNo + " not made");
    }
    RefundPlan plan = faults.planRefund();
    if (plan.fail()) {
      faults.record(
          Fault.REFUND_FAILURE, merchantOrderNo, "refund " + refundNo + ": 500 SYSTEM_ERROR");
      throw new SandboxException(
          ErrorCode.SYSTEM_ERROR, 500, "the channel failed; refund " + refundNo + " not made");
    }
    if (plan.throttle()) {
      faults.record(
          Fault.REFUND_THROTTLED,
          merchantOrderNo,
          "refund " + refundNo + ": 429 TOO_MANY_REQUESTS");
      throw new SandboxException(
          ErrorCode.TOO_MANY_REQUESTS, "too many requests; refund " + refundNo + " not made");
    }
    SandboxOrder.RefundOutcome outcome =
        order.refund(refundNo, refundAmount, reason, plan.async(), now());
    RefundRecord refund = outcome.refund();
    if (!outcome.created()) {
      return refund;
    }
    if (refund.status() == PspRefundStatus.SUCCEEDED) {
      notify(
          order,
          order.snapshot(refund.refundedAt()),
          WebhookEventType.REFUND_SUCCEEDED,
          refund.amount(),
          refundNo,
          refund.refundedAt());
      return refund;
    }
    faults.record(
        Fault.REFUND_ASYNC,
        merchantOrderNo,
        "refund " + refundNo + " PROCESSING for " + plan.delayMs() + " ms");
    // Drawn now, not when the refund completes, so the decision does not depend on timing.
    WebhookPlan webhook = order.snapshot(now()).notifyUrl() == null ? null : faults.planWebhook();
    schedule(() -> completeRefund(order, refundNo, webhook), plan.delayMs());
    return refund;
  }

  /** One refund of the order as it stands (404 REFUND_NOT_FOUND if none). */
  public RefundRecord findRefund(String merchantOrderNo, String refundNo) {
    RefundRecord refund = order(merchantOrderNo).findRefund(refundNo);
    if (refund == null) {
      throw new SandboxException(
          ErrorCode.REFUND_NOT_FOUND, "no refund " + refundNo + " of order " + merchantOrderNo);
    }
    return refund;
  }

  /**
   * Sets the faults of one order (replacing the ones it had); 404 ORDER_NOT_FOUND if there is no
   * such order.
   */
  public OrderFaults changeOrderFaults(String merchantOrderNo, OrderFaults orderFaults) {
    order(merchantOrderNo).faults(orderFaults);
    return orderFaults;
  }

  /**
   * The channel's books: every order that captured money with the refunds accepted on it, in the
   * order the captures happened. Never lags.
   */
  public List<LedgerEntry> ledger() {
    Instant now = now();
    return orders.values().stream()
        .map(order -> order.ledgerEntry(now))
        .filter(entry -> entry.order().captured())
        .sorted(
            Comparator.comparing((LedgerEntry entry) -> entry.order().paidAt())
                .thenComparingLong(entry -> entry.order().sequence()))
        .toList();
  }

  /** Every order that captured money, in the order the captures happened. Never lags. */
  public List<PspOrderSnapshot> captures() {
    return ledger().stream().map(LedgerEntry::order).toList();
  }

  /**
   * The bill of {@code day} (China time) from the ledger as of {@code asOf}, with the fee rate and
   * filler of {@code settings} (those in force when the bill was asked for: the file must not
   * change between its hash and its download); whether the PSP would serve it yet is the protocol's
   * call.
   */
  public DailyBill bill(LocalDate day, Instant asOf, ChannelSettings settings) {
    return DailyBill.of(day, asOf, ledger(), settings);
  }

  public ChannelSettings settings() {
    return faults.settings();
  }

  /** Merges the change; reseeds the channel's random source. 400 if the result is invalid. */
  public ChannelSettings changeSettings(SettingsChange change) {
    return faults.change(change);
  }

  /** Back to the configured defaults; reseeds the channel's random source. */
  public ChannelSettings resetSettings() {
    return faults.reset();
  }

  /** How many faults of each kind were injected since start (or the last reset). */
  public Map<String, Long> faultCounts() {
    return faults.counts();
  }

  public void resetFaultCounts() {
    faults.resetCounts();
  }

  /** Milliseconds are plenty for a simulator and read well in every language's date parser. */
  public Instant now() {
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

  private static SandboxException userPaying(String merchantOrderNo) {
    return new SandboxException(
        ErrorCode.USER_PAYING, "the customer is paying order " + merchantOrderNo + "; not closed");
  }

  /** The random tail keeps ids unique across restarts of the in-memory sandbox. */
  private String newChannelOrderId(long seq) {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return String.format("%s-%08d-%s", name, seq, HexFormat.of().formatHex(random));
  }

  private void completeRefund(SandboxOrder order, String refundNo, WebhookPlan webhook) {
    Instant now = now();
    RefundRecord done = order.completeRefund(refundNo, now);
    if (done == null) {
      return;
    }
    log.info("Asynchronous refund {} of {}/{} succeeded", refundNo, name, order.merchantOrderNo());
    if (webhook != null) {
      send(
          order.snapshot(now),
          WebhookEventType.REFUND_SUCCEEDED,
          done.amount(),
          refundNo,
          done.refundedAt(),
          webhook.delayedBy(order.faults().webhookDelayMs()));
    }
  }

  private void notify(
      SandboxOrder source,
      PspOrderSnapshot order,
      WebhookEventType type,
      Amount amount,
      String refundNo,
      Instant occurredAt) {
    if (order.notifyUrl() == null) {
      return;
    }
    WebhookPlan plan = faults.planWebhook().delayedBy(source.faults().webhookDelayMs());
    send(order, type, amount, refundNo, occurredAt, plan);
  }

  /** Applies the webhook faults (drop, duplicates, delays, reorder) to one new event. */
  private void send(
      PspOrderSnapshot order,
      WebhookEventType type,
      Amount amount,
      String refundNo,
      Instant occurredAt,
      WebhookPlan plan) {
    PspWebhookEvent event =
        PspWebhookEvent.of(
            type,
            name,
            order.merchantOrderNo(),
            order.channelOrderId(),
            amount,
            refundNo,
            occurredAt);
    String merchantOrderNo = order.merchantOrderNo();
    if (plan.drop()) {
      faults.record(Fault.WEBHOOK_DROPPED, merchantOrderNo, type + " " + event.eventId());
      return;
    }
    int copies = plan.delays().size();
    for (int copy = 1; copy < copies; copy++) {
      faults.record(
          Fault.WEBHOOK_DUPLICATED,
          merchantOrderNo,
          type + " " + event.eventId() + " copy " + (copy + 1) + " of " + copies);
    }
    for (Duration delay : plan.delays()) {
      if (!delay.isZero()) {
        faults.record(
            Fault.WEBHOOK_DELAYED,
            merchantOrderNo,
            type + " " + event.eventId() + " by " + delay.toMillis() + " ms");
      }
    }
    Outgoing outgoing = new Outgoing(order, event, plan.delays());
    if (plan.reorder()) {
      holdOrOvertake(outgoing);
    } else {
      dispatch(outgoing);
    }
  }

  /**
   * webhookReorder: the first event of an order is held back; when the order's next event comes,
   * that one is sent first and the held one right after it (so a refund's webhook can arrive before
   * its payment's). An event nothing overtakes is sent unchanged after reorderMaxHold.
   */
  private void holdOrOvertake(Outgoing next) {
    String merchantOrderNo = next.order().merchantOrderNo();
    Held earlier;
    synchronized (held) {
      earlier = held.remove(merchantOrderNo);
      if (earlier == null) {
        ScheduledFuture<?> release =
            schedule(() -> release(merchantOrderNo, next), reorderMaxHold.toMillis());
        if (release != null) {
          held.put(merchantOrderNo, new Held(next, release));
        }
        return;
      }
    }
    earlier.release().cancel(false);
    faults.record(
        Fault.WEBHOOK_REORDERED,
        merchantOrderNo,
        next.event().type()
            + " "
            + next.event().eventId()
            + " sent before "
            + earlier.outgoing().event().type()
            + " "
            + earlier.outgoing().event().eventId());
    dispatch(next);
    dispatch(earlier.outgoing());
  }

  private void release(String merchantOrderNo, Outgoing outgoing) {
    synchronized (held) {
      Held current = held.get(merchantOrderNo);
      if (current == null || current.outgoing() != outgoing) {
        return; // overtaken meanwhile: already sent
      }
      held.remove(merchantOrderNo);
    }
    dispatch(outgoing);
  }

  private void dispatch(Outgoing outgoing) {
    webhooks.deliver(
        outgoing.order().notifyUrl(),
        notifications,
        outgoing.event(),
        outgoing.order(),
        outgoing.delays());
  }

  private ScheduledFuture<?> schedule(Runnable task, long delayMs) {
    Runnable logged =
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.error("Sandbox timer task of channel {} failed", name, e);
          }
        };
    try {
      return timers.schedule(logged, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("Not scheduling on channel {}: the sandbox is shutting down", name);
      return null;
    }
  }

  /** Holds the calling (server) thread: how a slow PSP looks from the outside. */
  private static void hold(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Outgoing(PspOrderSnapshot order, PspWebhookEvent event, List<Duration> delays) {}

  private record Held(Outgoing outgoing, ScheduledFuture<?> release) {}

  @Override
  public String toString() {
    return "PspSimulator[" + name + "]";
  }
}
