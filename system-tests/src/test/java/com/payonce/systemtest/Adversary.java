package com.payonce.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.payonce.systemtest.FaultScenario.Kind;
import com.payonce.workflows.money.Money;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * The adversarial scenarios: a hostile shop, customer or timing, as the review that found the holes
 * of issue 10 tried them. Each kind's plan (channels, counts, lags, the offset from a boundary) is
 * drawn from the scenario's seed before anything runs, like the other scenarios'; it plays through
 * {@link FaultScenario}, whose recorded answers the invariant checker holds against the channels'
 * books.
 *
 * <p>Boundaries are put on one channel order with the simulator's faults of one order ({@code PUT
 * /orders/{no}/faults}: a close not honored, a lagging query, a late webhook, failing refund
 * sends), so the batch's own faults stay as drawn.
 *
 * @param batchOrderId the order id the batch gave the scenario: the refused probes' ids are made
 *     from it ({@link #orderId} may be another: an orphan-looking one, a 64-character one)
 * @param variant which form of the kind; {@code count} how many calls (or failing sends) it makes
 * @param offsetMs the offset from the boundary (for at-continue-as-new: the repeat, by index)
 */
record Adversary(
    Kind kind,
    long seed,
    String batchOrderId,
    String orderId,
    String currency,
    long amountMinor,
    int expiresInSeconds,
    String channel,
    int variant,
    int count,
    long lagMs,
    long webhookDelayMs,
    long offsetMs) {

  /** payonce's caps (OrderBook): attempts, pay calls and shop refunds per order. */
  static final int MAX_ATTEMPTS = 20;

  static final int MAX_PAY_CALLS = 200;
  static final int MAX_REFUNDS = 100;

  /** An order's run continues as new after this many updates (RunLimits' default). */
  static final int CONTINUE_AFTER_UPDATES = 500;

  /** How long a payment the customer just made may take to make the order PAID. */
  static final long PAID_WITHIN_MS = 25_000;

  /** Order and refund ids are at most this long (the API's id rule). */
  static final int MAX_ID = 64;

  /**
   * The plan of an adversarial scenario.
   *
   * @param orderId the order id the batch gives the scenario (some kinds make their own)
   * @param currency, amount what the generator drew (some kinds need other amounts)
   */
  static Adversary plan(Kind kind, long seed, String orderId, String currency, long amount) {
    SplittableRandom r = new SplittableRandom(seed ^ 0xAD7E25A1L);
    String channel = Topology.CHANNELS.get(r.nextInt(Topology.CHANNELS.size()));
    long lag = r.nextLong(1_000, 4_001);
    long webhookDelay = r.nextLong(0, 3_001);
    long max = Money.maxMinor(currency);
    String id = orderId;
    int expires = 20;
    int variant = 0;
    int count = 0;
    long offset = 0;
    switch (kind) {
      case RESERVED_ORDER_ID -> id = "orphan-" + channel + "-sq" + Long.toString(seed, 36);
      case RESERVED_REFUND_ID -> {
        amount = Math.min(Math.max(amount, 1_000), max);
        expires = 25;
      }
      case CROSS_CHANNEL -> variant = r.nextInt(3);
      case PAY_STORM -> {
        expires = 45;
        variant = r.nextInt(2);
        count = MAX_PAY_CALLS + 10 + r.nextInt(60);
      }
      case SWITCH_STORM -> {
        expires = 45;
        variant = r.nextInt(2);
        count = MAX_ATTEMPTS + 4 + r.nextInt(16);
      }
      case REFUND_STORM -> {
        amount = Math.min(Math.max(amount, 2_000), max);
        expires = 30;
        variant = r.nextInt(2);
        count = variant == 0 ? 12 + r.nextInt(8) : MAX_REFUNDS + 5;
      }
      case CANCEL_STORM -> {
        expires = 30;
        variant = r.nextInt(2);
        count = 8 + r.nextInt(12);
      }
      case AT_EXPIRY -> {
        expires = 8 + r.nextInt(6);
        offset = pick(r, -lag - 500, -lag / 2, -300, 0, 300);
      }
      case AT_CANCEL -> {
        expires = 30;
        offset = pick(r, -300, -100, 0, 100, 300, lag / 2);
      }
      case AT_WINDOW_END -> {
        // the channel order must still be payable after the cancel's late window: it expires later
        expires = (int) FaultProof.LATE_PAYMENT_WINDOW.toSeconds() + 30;
        offset = pick(r, -lag - 1_000, -lag / 2, -300, 0, 300, lag);
      }
      case AT_CONTINUE_AS_NEW -> {
        amount = Math.min(Math.max(amount, 100), max);
        expires = 40;
        count = CONTINUE_AFTER_UPDATES + 30;
        // the duplicate is paid with the wave that holds this repeat: around the run's last update
        offset = CONTINUE_AFTER_UPDATES - 3 + pick(r, -30, -8, 0, 8, 24);
      }
      case REFUND_AT_WINDOW_END -> {
        expires = 6;
        // from when the shop saw it paid, up to a second after the window really started
        offset = pick(r, -4_000, -2_500, -1_500, -800, -300);
        count = 1 + r.nextInt(4); // failed sends of the refund at the channel
      }
      case EXTREME -> {
        currency = List.of("CNY", "USD", "JPY").get(r.nextInt(3));
        max = Money.maxMinor(currency);
        variant = r.nextInt(3);
        amount = variant == 0 ? 1 : max;
        id = pad(orderId + "-", MAX_ID);
      }
      default -> throw new IllegalArgumentException(kind + " is not adversarial");
    }
    return new Adversary(
        kind,
        seed,
        orderId,
        id,
        currency,
        amount,
        expires,
        channel,
        variant,
        count,
        lag,
        webhookDelay,
        offset);
  }

  /** The channel that is not {@link #channel}. */
  private String other() {
    return Topology.CHANNELS.stream().filter(c -> !c.equals(channel)).findFirst().orElseThrow();
  }

  private static long pick(SplittableRandom r, long... choices) {
    return choices[r.nextInt(choices.length)];
  }

  /** {@code prefix} padded with a repeated letter to exactly {@code length} characters. */
  static String pad(String prefix, int length) {
    return prefix + "x".repeat(Math.max(0, length - prefix.length()));
  }

  String describe() {
    return "channel "
        + channel
        + ", variant "
        + variant
        + ", count "
        + count
        + ", query lag "
        + lagMs
        + " ms, webhook delay "
        + webhookDelayMs
        + " ms, offset "
        + offsetMs
        + " ms";
  }

  // ------------------------------------------------------------------ playing

  void play(FaultScenario s) {
    s.note("adversarial " + kind + ": " + describe());
    if (kind == Kind.EXTREME) {
      extremeProbes(s);
    }
    if (kind == Kind.RESERVED_ORDER_ID) {
      // the orphan workflows' own namespace, with a slash: refused, or else harmless (below)
      s.checkoutAs(
          "checkout-reserved", "orphan/" + channel + "/" + slashNo(), amountMinor, 400, 200, 201);
    }
    if (!s.checkout()) {
      s.anomaly("no checkout of " + s.orderId + " succeeded");
      return;
    }
    switch (kind) {
      case RESERVED_ORDER_ID -> reservedOrderId(s);
      case RESERVED_REFUND_ID -> reservedRefundId(s);
      case CROSS_CHANNEL -> crossChannel(s);
      case PAY_STORM -> payStorm(s);
      case SWITCH_STORM -> switchStorm(s);
      case REFUND_STORM -> refundStorm(s);
      case CANCEL_STORM -> cancelStorm(s);
      case AT_EXPIRY -> atExpiry(s);
      case AT_CANCEL -> atCancel(s);
      case AT_WINDOW_END -> atWindowEnd(s);
      case REFUND_AT_WINDOW_END -> refundAtWindowEnd(s);
      case AT_CONTINUE_AS_NEW -> atContinueAsNew(s);
      case EXTREME -> extreme(s);
      default -> throw new IllegalStateException(kind.name());
    }
  }

  private String slashNo() {
    return "sl" + Long.toString(seed, 36);
  }

  /**
   * An order whose id is the orphan workflow id a stranger payment under the number {@code sq…}
   * would get (before the orphan ids moved to their own namespace), paid; then that stranger
   * payment, and one under the number a refused (or accepted) {@code orphan/…} order id named: both
   * must be refunded by an orphan workflow.
   */
  private void reservedOrderId(FaultScenario s) {
    paidAttempt(s);
    String squatted = s.orderId.substring(("orphan-" + channel + "-").length());
    s.strangerPayment(channel, squatted, amountMinor, 1);
    s.strangerPayment(channel, slashNo(), amountMinor, 1);
  }

  /**
   * A capture of the wrong amount on A (refunded as {@code auto-A}), B opened and closed by a
   * switch to C, C paid and kept; then shop refunds named {@code auto-B} (before the customer pays
   * B as well: the automatic refund's name taken first), {@code auto-A} (the refunded capture's
   * name, for its amount), {@code auto-C} (the kept attempt's), 64 characters (accepted), 65 (400),
   * 32 hex digits (a refund number's shape), and {@code auto-B} again and for another amount.
   */
  private void reservedRefundId(FaultScenario s) {
    String a = attemptOf(s.pay(channel));
    if (a == null) {
      return;
    }
    long half = Math.max(1, amountMinor / 2);
    s.customerPays(List.of(a), s.decimal(half));
    awaitAttempt(s, a, 10_000);
    String b = attemptOf(s.pay(other()));
    String c = attemptOf(s.pay(channel));
    if (c == null) {
      return;
    }
    s.customerPays(List.of(c), null);
    if (!paid(s)) {
      s.note("not paid: no refunds");
      return;
    }
    String reason = "adversarial refund id";
    if (b != null) {
      s.refund("auto-" + b, 1, reason, 200, 409);
      s.customerPays(List.of(b), null); // a duplicate if its close was not honored
    }
    s.refund("auto-" + a, half, reason, 200, 409);
    String kept = s.claims().keptSeen();
    if (kept != null) {
      s.refund("auto-" + kept, 1, reason, 200, 409);
    }
    s.refund(pad("r-" + Long.toString(seed, 36) + "-", MAX_ID), 1, reason, 200, 409);
    s.refund(pad("r-" + Long.toString(seed, 36) + "-", MAX_ID + 1), 1, reason, 400);
    s.refund(
        HexFormat.of().toHexDigits(seed) + HexFormat.of().toHexDigits(~seed), 1, reason, 200, 409);
    Http.Response again = b == null ? null : s.refund("auto-" + b, 1, reason, 200, 409);
    if (again != null && again.status() == 200) {
      s.refund("auto-" + b, 2, reason, 409); // refund-id-conflict
    }
  }

  /**
   * A payment at the other channel under one of the order's attempt ids (an order the shop's
   * attacker made there), before the real attempt is paid, after the order is paid, or with the
   * real attempt never paid: that capture is no payment of the order and must be refunded.
   */
  private void crossChannel(FaultScenario s) {
    String a = attemptOf(s.pay(channel));
    if (a == null) {
      return;
    }
    switch (variant) {
      case 0 -> {
        s.strangerPayment(other(), a, amountMinor, 1);
        s.customerPays(List.of(a), null);
        paid(s);
      }
      case 1 -> {
        s.customerPays(List.of(a), null);
        paid(s);
        s.strangerPayment(other(), a, amountMinor, 1);
      }
      default -> s.strangerPayment(other(), a, amountMinor, 1 + (int) (seed & 1));
    }
  }

  /**
   * Hundreds of pay calls, six at a time (a customer mashing the button): for the open attempt's
   * channel (answered with it, since the pay-without-update fix not even an update), or, while the
   * customer is paying the open attempt, for the other channel (each one an update answered 409
   * payment-in-progress, until the pay-call cap: 429 pay-limit-reached, never more calls taken than
   * the cap). Then the order is paid, refunded, and refuses a pay.
   */
  private void payStorm(FaultScenario s) {
    String target = channel;
    boolean scanned = false;
    if (variant == 1) {
      String a = attemptOf(s.pay(channel));
      Http.Response scan = a == null ? null : s.customer("scan", a, null);
      scanned = scan != null && scan.status() == 200;
      target = other();
    }
    String body = "{\"channel\":\"" + target + "\"}";
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(
          () -> s.api("pay", "POST", "/orders/" + s.orderId + "/payments", body, 200, 409, 429));
    }
    List<Http.Response> answers = inWaves(s, calls, 6);
    Set<String> ids = new LinkedHashSet<>();
    for (Http.Response answer : answers) {
      String id = attemptOf(answer);
      if (id != null) {
        ids.add(id);
        s.knownAttempt(id, channel);
      }
    }
    requireTypes(s, "pay storm", answers, 429, Set.of("pay-limit-reached"));
    s.note(
        "pay storm: "
            + count
            + " pay calls for "
            + target
            + " answered "
            + statuses(answers)
            + ", attempts "
            + ids);
    long taken =
        1
            + answers.stream()
                .filter(
                    x -> x != null && "payment-in-progress".equals(FaultScenario.problemType(x)))
                .count();
    if (scanned && taken > MAX_PAY_CALLS) {
      s.anomaly(
          taken
              + " pay calls were taken (answered 200 or payment-in-progress), more than the cap of "
              + MAX_PAY_CALLS);
    }
    s.customerPays(new ArrayList<>(s.attempts().keySet()), null);
    paidThenRefundable(s);
  }

  /**
   * Pay calls alternating channels (each one a switch, a new attempt) past the attempt cap: 409
   * attempt-limit-reached, only once the order has that many attempts; then the customer pays the
   * open attempt, or every attempt at once.
   */
  private void switchStorm(FaultScenario s) {
    List<Http.Response> answers = new ArrayList<>();
    String last = null;
    for (int i = 0; i < count; i++) {
      String c = i % 2 == 0 ? channel : other();
      Http.Response answer =
          s.api(
              "pay",
              "POST",
              "/orders/" + s.orderId + "/payments",
              "{\"channel\":\"" + c + "\"}",
              200,
              409,
              429);
      answers.add(answer);
      String id = attemptOf(answer);
      if (id != null) {
        s.knownAttempt(id, c);
        last = c;
      }
    }
    requireTypes(s, "switch storm", answers, 429, Set.of("pay-limit-reached"));
    boolean capped =
        answers.stream()
            .anyMatch(
                a -> a != null && "attempt-limit-reached".equals(FaultScenario.problemType(a)));
    JsonNode order = get(s);
    int attempts = order == null ? -1 : order.path("attempts").size();
    s.note(
        "switch storm: "
            + count
            + " pay calls answered "
            + statuses(answers)
            + "; the order has "
            + attempts
            + " attempts");
    if (attempts > MAX_ATTEMPTS) {
      s.anomaly("the order has " + attempts + " attempts, more than the cap of " + MAX_ATTEMPTS);
    }
    if (capped && attempts >= 0 && attempts < MAX_ATTEMPTS) {
      s.anomaly("409 attempt-limit-reached with only " + attempts + " attempts");
    }
    if (variant == 0 && last != null) {
      String open =
          attemptOf(
              s.api(
                  "pay",
                  "POST",
                  "/orders/" + s.orderId + "/payments",
                  "{\"channel\":\"" + last + "\"}",
                  200,
                  409,
                  429));
      if (open != null) {
        s.customerPays(List.of(open), null);
      }
    } else {
      s.customerPays(new ArrayList<>(s.attempts().keySet()), null);
    }
    paidThenRefundable(s);
  }

  /**
   * Refunds concurrently: more of them than the amount allows (some 409 refund-exceeds-refundable,
   * never more granted than paid), or past the refund cap one minor unit at a time (409
   * refund-not-allowed once the cap is reached; a granted id repeated still answers 200).
   */
  private void refundStorm(FaultScenario s) {
    if (paidAttempt(s) == null) {
      return;
    }
    long each = variant == 0 ? Math.max(1, amountMinor / 10) : 1;
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "s" + i + "-" + Long.toString(seed, 36);
      calls.add(() -> s.refundQuietly(id, each, "adversarial refund storm", 200, 409));
    }
    List<Http.Response> answers = variant == 0 ? s.all(calls) : inWaves(s, calls, 6);
    long granted = answers.stream().filter(x -> x != null && x.status() == 200).count();
    s.note("refund storm: " + count + " refunds of " + each + " answered " + statuses(answers));
    if (granted * each > amountMinor) {
      s.anomaly(granted + " refunds of " + each + " granted on an order of " + amountMinor);
    }
    if (variant == 1) {
      if (granted > MAX_REFUNDS) {
        s.anomaly(granted + " refunds granted, more than the cap of " + MAX_REFUNDS);
      }
      // refund-not-allowed past the cap, inside the order's late window or after it (a slow channel
      // can stretch 105 refunds past it: those run as late refunds, under the same cap)
      requireTypes(s, "refund storm", answers, 409, Set.of("refund-not-allowed"));
      s.refund("s0-" + Long.toString(seed, 36), each, "adversarial refund storm", 200, 409);
    }
  }

  /**
   * Many cancels at once (the customer scanning and paying meanwhile in one variant), then more.
   */
  private void cancelStorm(FaultScenario s) {
    String a = attemptOf(s.pay(channel));
    if (a != null && variant == 1) {
      s.customer("scan", a, null);
    }
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(() -> s.api("cancel", "POST", "/orders/" + s.orderId + "/cancel", null, 200, 409));
    }
    if (a != null && variant == 1) {
      calls.add(
          () -> {
            FaultScenario.pause(150);
            return s.customer("pay", a, null);
          });
    }
    List<Http.Response> answers = s.all(calls);
    s.note("cancel storm: " + count + " cancels answered " + statuses(answers));
    s.api("cancel", "POST", "/orders/" + s.orderId + "/cancel", null, 200, 409);
    s.api(
        "pay",
        "POST",
        "/orders/" + s.orderId + "/payments",
        "{\"channel\":\"" + other() + "\"}",
        200,
        409);
    if (a != null) {
      s.customerPays(List.of(a), null);
    }
  }

  /** The customer pays at the order's expiry ± the lag, the query lagging and the webhook late. */
  private void atExpiry(FaultScenario s) {
    String a = boundaryAttempt(s, false);
    if (a == null) {
      return;
    }
    FaultScenario.pause(s.expiresAtMillis() + offsetMs - System.currentTimeMillis());
    s.paidAtBoundary(true);
    s.customerPays(List.of(a), null);
  }

  /**
   * The customer pays as the shop cancels, within the lag either way; then the shop cancels again.
   */
  private void atCancel(FaultScenario s) {
    String a = boundaryAttempt(s, false);
    if (a == null) {
      return;
    }
    s.paidAtBoundary(true);
    List<Callable<Http.Response>> calls = new ArrayList<>();
    calls.add(
        () -> {
          FaultScenario.pause(Math.max(0, offsetMs));
          return s.api("cancel", "POST", "/orders/" + s.orderId + "/cancel", null, 200, 409);
        });
    calls.add(
        () -> {
          FaultScenario.pause(Math.max(0, -offsetMs));
          return s.customer("pay", a, null);
        });
    s.all(calls);
    FaultScenario.pause(lagMs + 500);
    s.api("cancel", "POST", "/orders/" + s.orderId + "/cancel", null, 200, 409);
  }

  /**
   * Cancelled at once, its close not honored at the channel: the customer pays at the end of the
   * late-payment window ± the lag (the cancel's answer starts the window), query lagging.
   */
  private void atWindowEnd(FaultScenario s) {
    String a = boundaryAttempt(s, true);
    if (a == null) {
      return;
    }
    Http.Response cancel =
        s.api("cancel", "POST", "/orders/" + s.orderId + "/cancel", null, 200, 409);
    long cancelledAt = System.currentTimeMillis();
    if (cancel == null || cancel.status() != 200) {
      return;
    }
    FaultScenario.pause(
        cancelledAt
            + FaultProof.LATE_PAYMENT_WINDOW.toMillis()
            + offsetMs
            - System.currentTimeMillis());
    s.paidAtBoundary(true);
    s.customerPays(List.of(a), null);
  }

  /**
   * A paid order; as its late window ends (± a little, from when the shop first saw it paid) the
   * shop asks for a refund whose first sends fail at the channel: answered 200 (by the order, or
   * after its window by a late refund of its own), it must reach the channel.
   */
  private void refundAtWindowEnd(FaultScenario s) {
    if (paidAttempt(s) == null) {
      return;
    }
    long paidSeenAt = System.currentTimeMillis();
    String kept = s.claims().keptSeen();
    if (kept == null) {
      return;
    }
    ObjectNode faults = Http.JSON.createObjectNode();
    faults.put("refundFailures", count);
    s.orderFaults(s.attempts().getOrDefault(kept, channel), kept, faults);
    FaultScenario.pause(
        paidSeenAt
            + FaultProof.LATE_PAYMENT_WINDOW.toMillis()
            + offsetMs
            - System.currentTimeMillis());
    s.refund(
        "w-" + Long.toString(seed, 36),
        Math.max(1, amountMinor / 3),
        "adversarial refund at the window's end",
        200,
        409);
  }

  /**
   * A duplicate made ready (A's close not honored, B paid and kept), then the same refund asked
   * again and again, eight at a time, past the updates after which the order's run continues as
   * new; the customer pays A with the wave around that boundary (its query lagging). The duplicate
   * must be refunded, and a refund after the new run started must reach the channel.
   */
  private void atContinueAsNew(FaultScenario s) {
    String a = boundaryAttempt(s, true);
    if (a == null) {
      return;
    }
    String b = attemptOf(s.pay(other()));
    if (b == null) {
      return;
    }
    s.customerPays(List.of(b), null);
    if (!paid(s)) {
      return;
    }
    String id = "c-" + Long.toString(seed, 36);
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(() -> s.refundQuietly(id, 1, "adversarial: repeated", 200, 409));
    }
    int width = 8;
    List<Http.Response> answers = new ArrayList<>();
    for (int i = 0; i < calls.size(); i += width) {
      List<Callable<Http.Response>> wave =
          new ArrayList<>(calls.subList(i, Math.min(calls.size(), i + width)));
      boolean duplicate = offsetMs >= i && offsetMs < i + width;
      if (duplicate) {
        s.paidAtBoundary(true);
        wave.add(() -> s.customer("pay", a, null));
      }
      List<Http.Response> waveAnswers = s.all(wave);
      answers.addAll(duplicate ? waveAnswers.subList(0, waveAnswers.size() - 1) : waveAnswers);
    }
    s.note(
        "continue-as-new storm: "
            + count
            + " repeats of refund "
            + id
            + " answered "
            + statuses(answers));
    s.refund("c2-" + Long.toString(seed, 36), 1, "adversarial: after the new run", 200, 409);
  }

  /**
   * Refused checkouts first: one minor unit over the currency's maximum, an order id one over the
   * maximum length, a customer id one over its maximum (128).
   */
  private void extremeProbes(FaultScenario s) {
    s.checkoutRefused("checkout-over-max", batchOrderId + "-over", Money.maxMinor(currency) + 1);
    s.checkoutRefused("checkout-id-65", pad(batchOrderId + "-", MAX_ID + 1), amountMinor);
    s.checkoutRefused("checkout-customer-129", batchOrderId + "-cust", amountMinor, pad("c-", 129));
  }

  /**
   * An order of one minor unit or of the currency's maximum, under a 64-character id, paid and
   * fully refunded (a refund one over the maximum is a 400); or the customer overpays at the
   * channel, one minor unit over the maximum, a capture payonce can never keep.
   */
  private void extreme(FaultScenario s) {
    if (variant == 2) {
      String a = attemptOf(s.pay(channel));
      if (a != null) {
        // nothing more asked of the order: the capture must be given back whatever happens
        s.customerPays(List.of(a), s.decimal(Money.maxMinor(currency) + 1));
      }
      return;
    }
    if (paidAttempt(s) == null) {
      return;
    }
    String id = Long.toString(seed, 36);
    s.refund("over-" + id, amountMinor + 1, "adversarial amount", 400, 409);
    Http.Response full = s.refund("full-" + id, amountMinor, "adversarial amount", 200, 409);
    if (full != null && full.status() == 200) {
      s.refund("more-" + id, 1, "adversarial amount", 409);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** An attempt at the channel, paid by the customer: its id once the order is paid, else null. */
  private String paidAttempt(FaultScenario s) {
    String a = attemptOf(s.pay(channel));
    if (a == null) {
      return null;
    }
    s.customerPays(List.of(a), null);
    return paid(s) ? a : null;
  }

  /**
   * Waits (bounded) for the order to be paid by a payment the customer just made: confirmed within
   * seconds (webhook or poll), or not the order's money (an amount tampered, a create that failed).
   * Not until the expiry, which some kinds put far ahead.
   */
  private static boolean paid(FaultScenario s) {
    return s.awaitPaidUntil(System.currentTimeMillis() + PAID_WITHIN_MS);
  }

  /** Opens an attempt and gives its channel order the boundary's faults. */
  private String boundaryAttempt(FaultScenario s, boolean closeNotHonored) {
    String a = attemptOf(s.pay(channel));
    if (a == null) {
      return null;
    }
    ObjectNode faults = Http.JSON.createObjectNode();
    if (closeNotHonored) {
      faults.put("closeHonored", false);
    }
    faults.put("queryLagMs", lagMs);
    faults.put("webhookDelayMs", webhookDelayMs);
    s.orderFaults(channel, a, faults);
    return a;
  }

  /**
   * After a storm: once paid, a refund must still be answered 200, a pay 409 order-already-paid.
   */
  private void paidThenRefundable(FaultScenario s) {
    if (!paid(s)) {
      s.note(
          "not paid after the storm (a fault of the batch, or an amount tampered): nothing to"
              + " refund");
      return;
    }
    s.refund("after-" + Long.toString(seed, 36), 1, "adversarial: refund after a storm", 200);
    s.api(
        "pay",
        "POST",
        "/orders/" + s.orderId + "/payments",
        "{\"channel\":\"" + channel + "\"}",
        409,
        429);
  }

  private static String attemptOf(Http.Response answer) {
    if (answer == null || answer.status() != 200) {
      return null;
    }
    String id = answer.json().path("attemptId").asText("");
    return id.isEmpty() ? null : id;
  }

  private static JsonNode get(FaultScenario s) {
    Http.Response order = s.api("get", "GET", "/orders/" + s.orderId, null, 200);
    return order == null || order.status() != 200 ? null : order.json();
  }

  /** Polls the order (bounded) until the attempt is no longer OPEN. */
  private static void awaitAttempt(FaultScenario s, String attemptId, long withinMs) {
    long deadline = System.currentTimeMillis() + withinMs;
    while (System.currentTimeMillis() < deadline) {
      JsonNode order = get(s);
      if (order != null) {
        for (JsonNode a : order.path("attempts")) {
          if (a.path("attemptId").asText().equals(attemptId)
              && !a.path("status").asText().equals("OPEN")) {
            return;
          }
        }
      }
      FaultScenario.pause(500);
    }
  }

  /** Runs the calls {@code width} at a time, in their order. */
  private static List<Http.Response> inWaves(
      FaultScenario s, List<Callable<Http.Response>> calls, int width) {
    List<Http.Response> answers = new ArrayList<>();
    for (int i = 0; i < calls.size(); i += width) {
      answers.addAll(s.all(calls.subList(i, Math.min(calls.size(), i + width))));
    }
    return answers;
  }

  /** Every answer with {@code status} must be one of {@code types}. */
  private static void requireTypes(
      FaultScenario s, String what, List<Http.Response> answers, int status, Set<String> types) {
    for (Http.Response answer : answers) {
      if (answer != null
          && answer.status() == status
          && !types.contains(FaultScenario.problemType(answer))) {
        s.anomaly(
            what + ": " + status + " " + FaultScenario.problemType(answer) + ", expected " + types);
      }
    }
  }

  private static String statuses(List<Http.Response> answers) {
    TreeMap<String, Integer> counts = new TreeMap<>();
    for (Http.Response answer : answers) {
      String key =
          answer == null
              ? "?"
              : answer.status()
                  + (answer.status() >= 400 ? " " + FaultScenario.problemType(answer) : "");
      counts.merge(key, 1, Integer::sum);
    }
    return counts.toString();
  }
}
