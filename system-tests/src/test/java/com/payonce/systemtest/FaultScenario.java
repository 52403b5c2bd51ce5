package com.payonce.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.payonce.activities.channel.PaymentChannel;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.money.Money;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One randomized, seeded order's life, played against the running topology the way a shop and a
 * customer would: (concurrent, repeated, conflicting) checkouts, pays, channel switches, the
 * customer paying one, some or all attempts (also the ones whose create failed, also the wrong
 * amount, also late), cancels, partial and full refunds (repeated, conflicting, too large). The
 * plan is drawn from the seed before anything runs; what the system answers is recorded for the
 * invariant check and for the trace printed with a violation.
 *
 * <p>The shop behaves correctly: it retries a call whose outcome it did not see (connection refused
 * while the app is dead, a timeout) and a 503, with the same ids.
 *
 * <p>Every fourth scenario (index {@code i % 4 == 3} in its batch, so it follows from the seed) is
 * adversarial: a hostile shop, customer or timing, one of the {@link Kind#adversarial} kinds in
 * turn, played by {@link Adversary}.
 */
final class FaultScenario {

  enum Kind {
    /** A random sequence of pay / switch / customer pays / cancel, then maybe refunds. */
    STANDARD,
    /** Checkouts only (maybe a cancel): the order must end EXPIRED or CANCELLED with no money. */
    CHECKOUT_ONLY,
    /** Cancelled at once, then paid (close not honored) after its workflow has finished. */
    VERY_LATE,
    /** A channel order payonce never made (it only gets the webhook): must be refunded. */
    STRANGER,
    // ---- adversarial (Adversary): every fourth scenario, one kind after the other
    /**
     * Order ids in the orphan workflows' namespace; stranger payments under the squatted numbers.
     */
    RESERVED_ORDER_ID,
    /**
     * Refund ids {@code auto-<attemptId>} of a sibling, of a refunded capture, of the kept attempt;
     * 64/65 chars.
     */
    RESERVED_REFUND_ID,
    /**
     * A payment at another channel whose merchant order number is one of the order's attempt ids.
     */
    CROSS_CHANNEL,
    /**
     * Hundreds of pay calls for one channel, concurrently: past the pay-call cap, then paid and
     * refunded.
     */
    PAY_STORM,
    /**
     * Pay calls alternating channels past the attempt cap; the customer pays one or all attempts.
     */
    SWITCH_STORM,
    /** Concurrent refunds beyond the amount, or past the refund cap. */
    REFUND_STORM,
    /** Concurrent, repeated cancels, racing the customer paying. */
    CANCEL_STORM,
    /**
     * The customer pays at the order's expiry, ± the query lag, with a lagging query and a late
     * webhook.
     */
    AT_EXPIRY,
    /** The customer pays as the shop cancels, ± the query lag. */
    AT_CANCEL,
    /**
     * Cancelled, close not honored: the customer pays at the late window's end, ± the query lag.
     */
    AT_WINDOW_END,
    /** A refund asked as the late window ends, its first sends failing at the channel. */
    REFUND_AT_WINDOW_END,
    /**
     * Hundreds of repeated refunds carry the order into a new run; a duplicate is paid as it does.
     */
    AT_CONTINUE_AS_NEW,
    /**
     * 1 minor unit, the currency's maximum, one over it (400, no order), 64- and 65-character ids.
     */
    EXTREME;

    boolean adversarial() {
      return ordinal() > STRANGER.ordinal();
    }

    static final List<Kind> ADVERSARIAL =
        java.util.Arrays.stream(values()).filter(Kind::adversarial).toList();
  }

  /**
   * Scenarios of a batch with {@code index % ADVERSARIAL_EVERY == ADVERSARIAL_EVERY - 1} are
   * adversarial.
   */
  static final int ADVERSARIAL_EVERY = 4;

  enum StepType {
    PAY,
    PAY_CONCURRENT,
    SCAN,
    CUSTOMER_PAYS,
    CUSTOMER_PAYS_FAILED_ATTEMPT,
    CUSTOMER_PAYS_WRONG_AMOUNT,
    CANCEL,
    PAUSE
  }

  /** A planned step; {@code pick} chooses among the attempts known when it runs. */
  record Step(StepType type, List<String> channels, int pick, int count, long millis) {}

  enum RefundShape {
    FULL,
    PARTIAL,
    TOO_LARGE,
    SAME_ID_OTHER_AMOUNT
  }

  record RefundPlan(RefundShape shape, double fraction, int repeats, boolean concurrent) {}

  private static final Duration CALL_DEADLINE = Duration.ofSeconds(150);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final Set<String> PAID = Set.of("PAID", "PARTIALLY_REFUNDED", "REFUNDED");

  final long seed;
  final Kind kind;
  final String orderId;
  final String customerId;
  final String currency;
  final int digits;
  final int expiresInSeconds;

  /** Plays an adversarial kind; null for the others. */
  private final Adversary adversary;

  private final long plannedAmountMinor;
  private final int checkouts;
  private final boolean conflictingCheckout;
  private final List<Step> steps;
  private final boolean lateCustomer;
  private final List<RefundPlan> refunds;
  private final boolean repeatCheckout;
  private final String strangerChannel;
  private final int strangerPays;
  private final long pauseSeed;

  // ---- what happened (written by the scenario's threads, read after it ends)
  private volatile long amountMinor;
  private volatile long startedAtMillis;
  private volatile long expiresAtMillis;
  private volatile long lastActionAtMillis;
  private final Map<String, String> attempts = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, String> payUrls = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Long> refundsGranted =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Long> refundsAsked = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, ShopAnswers.RefundAnswer> refundAnswers =
      Collections.synchronizedMap(new LinkedHashMap<>());
  private final List<String> mustNotExist = Collections.synchronizedList(new ArrayList<>());
  private volatile String keptSeen;
  private volatile boolean cancelAnswered;
  private volatile boolean alreadyPaidAnswered;
  private volatile boolean paidAtBoundary;
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
  private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());
  private final List<String[]> strangers = Collections.synchronizedList(new ArrayList<>());
  private volatile int created;
  private volatile boolean checkoutOutcomeUnknown;
  private volatile boolean paidAfterWorkflowEnd;

  // ---- where it runs
  private Topology topology;
  private ExecutorService helpers;
  private Tally tally;

  private FaultScenario(long seed, String orderId) {
    this.seed = seed;
    SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 7);
    int k = r.nextInt(100);
    int slot = (int) Math.floorMod(seed, 1000L);
    this.kind =
        slot % ADVERSARIAL_EVERY == ADVERSARIAL_EVERY - 1
            ? Kind.ADVERSARIAL.get((slot / ADVERSARIAL_EVERY) % Kind.ADVERSARIAL.size())
            : k < 4
                ? Kind.VERY_LATE
                : k < 7 ? Kind.STRANGER : k < 13 ? Kind.CHECKOUT_ONLY : Kind.STANDARD;
    this.customerId = "c-" + r.nextInt(1000);
    // Alipay and WeChat Pay take CNY only: a USD or JPY order is refused at pay (409
    // unsupported-by-channel), so a few of them check that and the rest pay
    int c = r.nextInt(20);
    String drawnCurrency = c < 18 ? "CNY" : c == 18 ? "USD" : "JPY";
    int a = r.nextInt(100);
    // never above the currency's maximum (100,000,000 JPY is 1e8 minor units, CNY 1e10)
    long drawnAmount =
        Math.min(
            a < 5 ? 1 : a < 8 ? r.nextLong(100_000_000L, 10_000_000_000L) : r.nextLong(1, 50_001),
            Money.maxMinor(drawnCurrency));
    this.adversary =
        kind.adversarial() ? Adversary.plan(kind, seed, orderId, drawnCurrency, drawnAmount) : null;
    this.orderId = adversary == null ? orderId : adversary.orderId();
    this.currency = adversary == null ? drawnCurrency : adversary.currency();
    this.digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    this.plannedAmountMinor = adversary == null ? drawnAmount : adversary.amountMinor();
    int drawnExpiry =
        switch (kind) {
          case VERY_LATE -> 75;
          case CHECKOUT_ONLY -> 5 + r.nextInt(8);
          default -> 5 + r.nextInt(16);
        };
    this.expiresInSeconds = adversary == null ? drawnExpiry : adversary.expiresInSeconds();
    int drawnCheckouts = 1 + r.nextInt(4);
    boolean drawnConflicting = r.nextInt(100) < 15;
    this.checkouts = adversary == null ? drawnCheckouts : 1;
    this.conflictingCheckout = adversary == null && drawnConflicting;
    List<Step> planned = new ArrayList<>();
    if (kind == Kind.STANDARD) {
      int n = 1 + r.nextInt(6);
      if (r.nextInt(100) < 85) {
        planned.add(new Step(StepType.PAY, List.of(channel(r)), 0, 1, 0));
      }
      for (int i = 0; i < n; i++) {
        planned.add(step(r));
      }
    } else if (kind == Kind.CHECKOUT_ONLY) {
      if (r.nextBoolean()) {
        planned.add(new Step(StepType.PAUSE, List.of(), 0, 0, r.nextLong(0, 2000)));
        planned.add(new Step(StepType.CANCEL, List.of(), 0, 1 + r.nextInt(2), 0));
      }
    } else if (kind == Kind.VERY_LATE) {
      planned.add(new Step(StepType.PAY, List.of("alipay"), 0, 1, 0));
      planned.add(new Step(StepType.PAY, List.of("wechat"), 0, 1, 0));
      planned.add(new Step(StepType.CANCEL, List.of(), 0, 1, 0));
    }
    this.steps = List.copyOf(planned);
    this.lateCustomer = kind == Kind.STANDARD && r.nextInt(100) < 35;
    List<RefundPlan> refundPlans = new ArrayList<>();
    if (kind == Kind.STANDARD && r.nextInt(100) < 50) {
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        RefundShape shape = RefundShape.values()[weighted(r, 3, 5, 1, 1)];
        refundPlans.add(new RefundPlan(shape, r.nextDouble(), 1 + r.nextInt(3), r.nextBoolean()));
      }
    }
    this.refunds = List.copyOf(refundPlans);
    this.repeatCheckout = kind == Kind.STANDARD && r.nextInt(100) < 15;
    this.strangerChannel = channel(r);
    this.strangerPays = 1 + r.nextInt(2);
    this.pauseSeed = r.nextLong();
    this.amountMinor = plannedAmountMinor;
  }

  static FaultScenario plan(long seed, String orderId) {
    return new FaultScenario(seed, orderId);
  }

  private static String channel(SplittableRandom r) {
    return Topology.CHANNELS.get(r.nextInt(Topology.CHANNELS.size()));
  }

  private static int weighted(SplittableRandom r, int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static Step step(SplittableRandom r) {
    StepType type = StepType.values()[weighted(r, 30, 8, 6, 25, 4, 3, 7, 17)];
    return switch (type) {
      case PAY -> new Step(type, List.of(channel(r)), 0, 1, 0);
      case PAY_CONCURRENT -> {
        int n = 2 + r.nextInt(2);
        List<String> channels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          channels.add(channel(r));
        }
        yield new Step(type, channels, 0, n, 0);
      }
      case CANCEL -> new Step(type, List.of(), 0, 1 + r.nextInt(2), 0);
      case PAUSE -> new Step(type, List.of(), 0, 0, r.nextLong(100, 2500));
      // pick: 0 = the latest attempt, 1 = a random one, 2 = all of them (concurrently)
      default -> new Step(type, List.of(), r.nextInt(3), 0, 0);
    };
  }

  // ------------------------------------------------------------------ running

  /** Plays the plan; never throws (what went wrong is an anomaly of the scenario). */
  void run(Topology topology, ExecutorService helpers, Tally tally) {
    this.topology = topology;
    this.helpers = helpers;
    this.tally = tally;
    startedAtMillis = System.currentTimeMillis();
    tally.add("scenario " + kind.name().toLowerCase().replace('_', '-'));
    if (adversary != null) {
      tally.add("adversarial scenarios");
    }
    try {
      if (adversary != null) {
        adversary.play(this);
      } else if (kind == Kind.STRANGER) {
        stranger();
      } else {
        standard();
      }
    } catch (RuntimeException e) {
      anomaly("the scenario itself failed: " + e);
    } finally {
      lastActionAtMillis = System.currentTimeMillis();
      note("done");
    }
  }

  private void standard() {
    checkout();
    if (created + successfulCheckouts == 0) {
      anomaly("no checkout of " + orderId + " succeeded");
      return;
    }
    SplittableRandom pauses = new SplittableRandom(pauseSeed);
    for (Step step : steps) {
      pause(pauses.nextLong(0, 800));
      runStep(step);
    }
    if (kind == Kind.VERY_LATE) {
      awaitWorkflowEnd();
      customerPays(new ArrayList<>(attempts.keySet()), null);
      return;
    }
    if (lateCustomer) {
      boolean paid = awaitPaid();
      note("late customer (order paid: " + paid + ") pays every attempt again");
      customerPays(new ArrayList<>(attempts.keySet()), null);
    }
    if (!refunds.isEmpty() && awaitPaid()) {
      refundPhase();
    }
    if (repeatCheckout) {
      Http.Response again =
          api("checkout-again", "POST", "/orders", checkoutBody(amountMinor, customerId), 200);
      if (again != null && again.status() == 200) {
        note("repeated checkout: 200 " + again.json().path("status").asText());
      }
    }
  }

  private volatile int successfulCheckouts;

  /**
   * The planned checkouts, concurrently; true when the order exists (one was answered 200 or 201).
   */
  boolean checkout() {
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < checkouts; i++) {
      // with a conflicting checkout racing, it may be the one that creates the order: then 409
      calls.add(
          () ->
              conflictingCheckout
                  ? api(
                      "checkout",
                      "POST",
                      "/orders",
                      checkoutBody(amountMinor, customerId),
                      200,
                      201,
                      409)
                  : api(
                      "checkout",
                      "POST",
                      "/orders",
                      checkoutBody(amountMinor, customerId),
                      200,
                      201));
    }
    // another amount, never above the currency's maximum (that would be a 400, not a conflict)
    long otherAmount =
        plannedAmountMinor < Money.maxMinor(currency)
            ? plannedAmountMinor + 1
            : plannedAmountMinor - 1;
    if (conflictingCheckout) {
      calls.add(
          () ->
              api(
                  "checkout-conflicting",
                  "POST",
                  "/orders",
                  checkoutBody(otherAmount, customerId),
                  200,
                  201,
                  409));
    }
    List<Http.Response> answers = all(calls);
    int ok = 0;
    for (Http.Response answer : answers) {
      if (answer == null) {
        checkoutOutcomeUnknown = true;
        continue;
      }
      if (answer.status() == 201) {
        created++;
      }
      if (answer.status() == 200 || answer.status() == 201) {
        ok++;
        JsonNode order = answer.json();
        amountMinor = minor(order.path("amount").asText(), digits);
        expiresAtMillis = Instant.parse(order.path("expiresAt").asText()).toEpochMilli();
      }
    }
    successfulCheckouts = ok;
    note(
        "checkouts: "
            + checkouts
            + " identical"
            + (conflictingCheckout ? " + 1 conflicting" : "")
            + " answered "
            + answers.stream().map(a -> a == null ? "?" : Integer.toString(a.status())).toList());
    if (created > 1) {
      anomaly(
          created
              + " checkouts of "
              + orderId
              + " answered 201 Created: the order was created more than once");
    }
    return created + successfulCheckouts > 0;
  }

  /**
   * A checkout that must be refused with 400 invalid-request (an id or amount out of bounds): no
   * order may exist under {@code id} afterwards (checked with the batch).
   */
  void checkoutRefused(String label, String id, long amount) {
    checkoutRefused(label, id, amount, customerId);
  }

  void checkoutRefused(String label, String id, long amount, String customer) {
    mustNotExist.add(id);
    Http.Response answer = api(label, "POST", "/orders", checkoutBody(id, amount, customer), 400);
    if (answer != null
        && answer.status() == 400
        && !"invalid-request".equals(problemType(answer))) {
      anomaly(label + " answered 400 " + problemType(answer) + ", not invalid-request");
    }
  }

  /**
   * One checkout of another order id than the scenario's (its answer is not the scenario's order).
   */
  Http.Response checkoutAs(String label, String id, long amount, int... expected) {
    return api(label, "POST", "/orders", checkoutBody(id, amount, customerId), expected);
  }

  private void runStep(Step step) {
    switch (step.type()) {
      case PAY -> pay(step.channels().get(0));
      case PAY_CONCURRENT -> {
        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (String channel : step.channels()) {
          calls.add(() -> pay(channel));
        }
        all(calls);
      }
      case SCAN -> {
        for (String attempt : pick(step.pick())) {
          customer("scan", attempt, null);
        }
      }
      case CUSTOMER_PAYS -> customerPays(pick(step.pick()), null);
      case CUSTOMER_PAYS_FAILED_ATTEMPT -> {
        Http.Response order = api("get", "GET", "/orders/" + orderId, null, 200);
        if (order != null && order.status() == 200) {
          List<String> failed = new ArrayList<>();
          for (JsonNode a : order.json().path("attempts")) {
            attempts.putIfAbsent(a.path("attemptId").asText(), a.path("channel").asText());
            if (a.path("status").asText().equals("FAILED")) {
              failed.add(a.path("attemptId").asText());
            }
          }
          note("customer pays the FAILED attempts " + failed);
          customerPays(failed, null);
        }
      }
      case CUSTOMER_PAYS_WRONG_AMOUNT -> {
        long other = amountMinor > 1 ? amountMinor - 1 : amountMinor + 1;
        customerPays(pick(0), decimal(other));
      }
      case CANCEL -> {
        List<Callable<Http.Response>> calls = new ArrayList<>();
        for (int i = 0; i < step.count(); i++) {
          calls.add(() -> api("cancel", "POST", "/orders/" + orderId + "/cancel", null, 200, 409));
        }
        all(calls);
      }
      case PAUSE -> pause(step.millis());
    }
  }

  Http.Response pay(String channel) {
    Http.Response answer =
        api(
            "pay",
            "POST",
            "/orders/" + orderId + "/payments",
            "{\"channel\":\"" + channel + "\"}",
            200,
            409);
    if (answer != null && answer.status() == 200) {
      JsonNode attempt = answer.json();
      String id = attempt.path("attemptId").asText();
      attempts.put(id, channel);
      payUrls.put(id, attempt.path("payUrl").asText());
      note("pay " + channel + " -> attempt " + id + " " + attempt.path("status").asText());
    }
    return answer;
  }

  private List<String> pick(int how) {
    List<String> known = new ArrayList<>(attempts.keySet());
    if (known.isEmpty()) {
      return known;
    }
    return switch (how) {
      case 0 -> List.of(known.get(known.size() - 1));
      case 1 -> List.of(known.get(new SplittableRandom(seed + known.size()).nextInt(known.size())));
      default -> known;
    };
  }

  void customerPays(List<String> which, String amount) {
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (String attempt : which) {
      calls.add(() -> customer("pay", attempt, amount));
    }
    all(calls);
  }

  /** The customer at the channel: scan or pay the attempt's channel order. */
  Http.Response customer(String action, String attemptId, String amount) {
    return customerAt(attempts.get(attemptId), action, attemptId, amount);
  }

  /** The customer at a given channel: scan or pay its order {@code merchantOrderNo}. */
  Http.Response customerAt(String channel, String action, String attemptId, String amount) {
    String url = topology.sandboxUrl(channel) + "/orders/" + attemptId + "/" + action;
    String body = amount == null ? null : "{\"amount\":\"" + amount + "\"}";
    try {
      Http.Response answer = Http.send("POST", url, body, Map.of(), Duration.ofSeconds(10));
      tally.add("customer " + action + " " + answer.status() + problemSuffix(answer, "code"));
      note(
          "customer "
              + action
              + (amount == null ? "" : " " + amount)
              + " "
              + channel
              + "/"
              + attemptId
              + " -> "
              + answer.status()
              + " "
              + (answer.status() == 200
                  ? answer.json().path("status").asText()
                  : answer.json().path("code").asText()));
      return answer;
    } catch (RuntimeException e) {
      tally.add("customer " + action + " error");
      note("customer " + action + " " + attemptId + " failed: " + e.getMessage());
      return null;
    }
  }

  private void refundPhase() {
    int n = 0;
    String previousId = null;
    long previousAmount = 0;
    for (RefundPlan plan : refunds) {
      n++;
      String refundId = "r" + n + "-" + Long.toString(seed, 36);
      long amount =
          switch (plan.shape()) {
            case FULL -> amountMinor;
            case PARTIAL -> Math.max(1, (long) (amountMinor * plan.fraction()));
            case TOO_LARGE -> amountMinor + 1;
            case SAME_ID_OTHER_AMOUNT ->
                previousAmount > 1 ? previousAmount - 1 : previousAmount + 1;
          };
      if (plan.shape() == RefundShape.SAME_ID_OTHER_AMOUNT && previousId != null) {
        refundId = previousId;
      }
      String id = refundId;
      long asked = amount;
      List<Callable<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < plan.repeats(); i++) {
        calls.add(() -> refundQuietly(id, asked, "fault-proof " + plan.shape(), 200, 409));
      }
      List<Http.Response> answers = plan.concurrent() ? all(calls) : sequential(calls);
      for (Http.Response answer : answers) {
        if (answer != null && answer.status() == 200) {
          long granted = minor(answer.json().path("amount").asText(), digits);
          Long before = refundsGranted.putIfAbsent(id, granted);
          if (before != null && before != granted) {
            anomaly(
                "refund "
                    + id
                    + " answered 200 with "
                    + before
                    + " and with "
                    + granted
                    + " minor units");
          }
          if (granted != refundsAsked.get(id) && plan.shape() != RefundShape.SAME_ID_OTHER_AMOUNT) {
            anomaly("refund " + id + " asked " + refundsAsked.get(id) + ", answered " + granted);
          }
        }
      }
      note(
          "refund "
              + id
              + " "
              + plan.shape()
              + " "
              + decimal(amount)
              + " x"
              + plan.repeats()
              + (plan.concurrent() ? " concurrently" : "")
              + " -> "
              + answers.stream()
                  .map(
                      a ->
                          a == null
                              ? "?"
                              : a.status()
                                  + (a.status() == 200
                                      ? " " + a.json().path("status").asText()
                                      : problemSuffix(a, "type")))
                  .toList());
      previousId = id;
      previousAmount = amount;
    }
  }

  /**
   * Asks for a refund as the shop does, recording what it asked and what it was answered (for the
   * check that every answer is true at the channel).
   */
  Http.Response refund(String refundId, long amount, String reason, int... expected) {
    Http.Response answer = refundQuietly(refundId, amount, reason, expected);
    if (answer != null && answer.status() == 200) {
      note(
          "refund "
              + refundId
              + " "
              + decimal(amount)
              + " -> 200 "
              + answer.json().path("status").asText()
              + " on "
              + answer.json().path("attemptId").asText()
              + " ("
              + answer.json().path("kind").asText()
              + ")");
    }
    return answer;
  }

  /** {@link #refund}, with nothing in the trace for a 200 (a storm's thousand answers). */
  Http.Response refundQuietly(String refundId, long amount, String reason, int... expected) {
    refundsAsked.putIfAbsent(refundId, amount);
    if (amount > Money.maxMinor(currency)) {
      expected = new int[] {400}; // above the currency's maximum: refused before the order is asked
    }
    ObjectNode body = Http.JSON.createObjectNode();
    body.put("refundId", refundId);
    body.put("amount", decimal(amount));
    body.put("reason", reason);
    return api("refund", "POST", "/orders/" + orderId + "/refunds", body.toString(), expected);
  }

  /** Waits (bounded) until the order is no longer awaiting payment; true when it is paid. */
  boolean awaitPaid() {
    return awaitPaidUntil(Math.max(expiresAtMillis, System.currentTimeMillis()) + 40_000);
  }

  /** {@link #awaitPaid}, until {@code deadline} (epoch milliseconds). */
  boolean awaitPaidUntil(long deadline) {
    while (System.currentTimeMillis() < deadline) {
      Http.Response order = api("get", "GET", "/orders/" + orderId, null, 200);
      if (order != null && order.status() == 200) {
        String status = order.json().path("status").asText();
        if (PAID.contains(status)) {
          return true;
        }
        if (!status.equals("AWAITING_PAYMENT")) {
          return false;
        }
      }
      pause(700);
    }
    return false;
  }

  /** VERY_LATE: waits until the order's workflow has completed (or the order almost expired). */
  private void awaitWorkflowEnd() {
    long deadline = expiresAtMillis - 5_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        WorkflowExecutionStatus status =
            topology.client().newUntypedWorkflowStub(orderId).describe().getStatus();
        if (status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          note("workflow " + status + "; the customer pays now");
          paidAfterWorkflowEnd = true;
          tally.add("very-late payment after the workflow ended");
          return;
        }
      } catch (RuntimeException e) {
        // Temporal restarting: ask again
      }
      pause(1000);
    }
    note(
        "the workflow still runs "
            + (expiresAtMillis - System.currentTimeMillis())
            + " ms before expiry; the customer pays anyway");
  }

  private void stranger() {
    strangerPayment(
        strangerChannel, "stranger" + Long.toHexString(seed), amountMinor, strangerPays);
  }

  /**
   * A channel order payonce never made, with payonce's webhook as its notifyUrl, paid {@code pays}
   * times (concurrently): whatever it captures must be refunded by an orphan workflow.
   */
  void strangerPayment(String channel, String merchantOrderNo, long amount, int pays) {
    PaymentChannel merchant = topology.merchantClient(channel);
    CreatePayment create =
        new CreatePayment(
            channel,
            merchantOrderNo,
            "not-from-payonce",
            // in what both PSPs take, whatever the scenario's order is in
            new Money(Math.min(amount, Integer.MAX_VALUE), "CNY"),
            "fault-proof: an order payonce never made",
            Instant.now().plusSeconds(60).toEpochMilli());
    boolean made = false;
    for (int i = 0; i < 8 && !made; i++) {
      try {
        merchant.create(create);
        made = true;
        note("stranger create " + channel + "/" + merchantOrderNo + " -> made");
      } catch (RuntimeException e) {
        note("stranger create failed: " + e.getMessage());
      }
      if (!made) {
        pause(500);
      }
    }
    if (!made) {
      anomaly("the simulator never created the stranger order " + merchantOrderNo);
      return;
    }
    if (kind == Kind.STRANGER) {
      attempts.put(merchantOrderNo, channel);
    }
    strangers.add(new String[] {channel, merchantOrderNo});
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < pays; i++) {
      calls.add(() -> customerAt(channel, "pay", merchantOrderNo, null));
    }
    all(calls);
  }

  /** Sets the faults of one channel order (the simulator's {@code PUT /orders/{no}/faults}). */
  void orderFaults(String channel, String merchantOrderNo, ObjectNode faults) {
    try {
      Http.Response answer =
          Http.send(
              "PUT",
              topology.sandboxUrl(channel) + "/orders/" + merchantOrderNo + "/faults",
              faults.toString(),
              Map.of(),
              Duration.ofSeconds(10));
      note(
          "order faults "
              + channel
              + "/"
              + merchantOrderNo
              + " "
              + faults
              + " -> "
              + answer.status());
    } catch (RuntimeException e) {
      note("order faults " + channel + "/" + merchantOrderNo + " failed: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------ the shop's HTTP calls

  private String checkoutBody(long amount, String customer) {
    return checkoutBody(orderId, amount, customer);
  }

  private String checkoutBody(String id, long amount, String customer) {
    ObjectNode body = Http.JSON.createObjectNode();
    body.put("orderId", id);
    body.put("customerId", customer);
    body.put("amount", decimal(amount));
    body.put("currency", currency);
    body.put("description", "fault-proof scenario " + seed);
    body.put("expiresInSeconds", expiresInSeconds);
    return body.toString();
  }

  /**
   * One API call as a correct shop makes it: retried with the same body while its outcome is
   * unknown (no answer) or 503, up to a deadline. Returns the last answer, or null if none came.
   */
  Http.Response api(String label, String method, String path, String body, int... expected) {
    long deadline = System.nanoTime() + CALL_DEADLINE.toNanos();
    int unavailable = 0;
    String url = topology.appUrl("app") + "/api/v1" + path;
    Map<String, String> auth = Map.of("Authorization", "Bearer " + topology.apiKey());
    while (true) {
      Http.Response answer;
      try {
        answer = Http.send(method, url, body, auth, REQUEST_TIMEOUT);
      } catch (RuntimeException e) {
        tally.add("api " + label + " no answer");
        if (System.nanoTime() > deadline) {
          anomaly(label + " never answered within " + CALL_DEADLINE + ": " + e.getMessage());
          return null;
        }
        pause(400 + (System.nanoTime() & 511));
        continue;
      }
      tally.add("api " + label + " " + answer.status() + problemSuffix(answer, "type"));
      if (answer.status() >= 400 && !answer.contentType().startsWith("application/problem+json")) {
        anomaly(
            label
                + " answered "
                + answer.status()
                + " as "
                + answer.contentType()
                + ", not problem+json: "
                + answer.body());
      }
      if (answer.status() == 503) {
        boolean channel = answer.body().contains("channel-unavailable");
        if (System.nanoTime() < deadline && (!channel || ++unavailable < 4)) {
          pause(500 + (System.nanoTime() & 1023));
          continue;
        }
        note(label + " -> 503" + problemSuffix(answer, "type") + " (gave up retrying)");
        return answer;
      }
      if (!label.equals("get")
          && !((label.equals("pay") || label.equals("refund")) && answer.status() == 200)) {
        note(label + " -> " + answer.status() + problemSuffix(answer, "type"));
      }
      if (answer.status() >= 500) {
        anomaly(label + " answered " + answer.status() + ": " + answer.body());
      } else if (java.util.Arrays.stream(expected).noneMatch(s -> s == answer.status())) {
        anomaly(label + " answered an unexpected " + answer.status() + ": " + answer.body());
      }
      recordClaim(label, answer);
      return answer;
    }
  }

  /** What the shop now believes, from one answer: checked against the channels' books later. */
  private void recordClaim(String label, Http.Response answer) {
    int status = answer.status();
    if (status == 409
        && "order-already-paid".equals(problemType(answer))
        && (label.equals("pay") || label.equals("cancel"))) {
      alreadyPaidAnswered = true;
    }
    if (status != 200) {
      return;
    }
    JsonNode json = answer.json();
    switch (label) {
      case "cancel" -> cancelAnswered |= json.path("status").asText().equals("CANCELLED");
      case "get", "checkout-again" -> {
        if (PAID.contains(json.path("status").asText()) && keptSeen == null) {
          keptSeen = json.path("paidAttemptId").asText(null);
        }
      }
      case "refund" -> {
        String id = json.path("refundId").asText();
        refundAnswers.putIfAbsent(
            id,
            new ShopAnswers.RefundAnswer(
                id,
                minor(json.path("amount").asText(), digits),
                json.path("status").asText(),
                json.path("attemptId").asText(null),
                json.path("kind").asText(null),
                json.path("refundNo").asText(null)));
      }
      default -> {}
    }
  }

  /** The problem type of an answer without its {@code urn:payonce:problem:} prefix, or "". */
  static String problemType(Http.Response answer) {
    return problemSuffix(answer, "type").trim();
  }

  private static String problemSuffix(Http.Response answer, String field) {
    if (answer.status() < 400) {
      return "";
    }
    try {
      String type = answer.json().path(field).asText("");
      return type.isEmpty() ? "" : " " + type.replace("urn:payonce:problem:", "");
    } catch (RuntimeException e) {
      return " (not JSON)";
    }
  }

  <T> List<T> all(List<Callable<T>> calls) {
    if (calls.size() == 1) {
      return sequential(calls);
    }
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : calls) {
      futures.add(helpers.submit(call));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      try {
        results.add(future.get(CALL_DEADLINE.toSeconds() + 60, TimeUnit.SECONDS));
      } catch (Exception e) {
        future.cancel(true);
        anomaly("a concurrent call did not finish: " + e);
        results.add(null);
      }
    }
    return results;
  }

  <T> List<T> sequential(List<Callable<T>> calls) {
    List<T> results = new ArrayList<>();
    for (Callable<T> call : calls) {
      try {
        results.add(call.call());
      } catch (Exception e) {
        anomaly("a call failed: " + e);
        results.add(null);
      }
    }
    return results;
  }

  static void pause(long millis) {
    if (millis > 0) {
      Await.pause(Duration.ofMillis(millis));
    }
  }

  String decimal(long minor) {
    return BigDecimal.valueOf(minor, digits).toPlainString();
  }

  static long minor(String decimal, int digits) {
    return new BigDecimal(decimal).movePointRight(digits).longValueExact();
  }

  void note(String what) {
    long at = startedAtMillis == 0 ? 0 : System.currentTimeMillis() - startedAtMillis;
    trace.add(String.format("+%6d ms  %s", at, what));
  }

  void anomaly(String what) {
    anomalies.add(what);
    note("ANOMALY " + what);
  }

  // ------------------------------------------------------------------ for the checker

  long amountMinor() {
    return amountMinor;
  }

  long expiresAtMillis() {
    return expiresAtMillis;
  }

  long startedAtMillis() {
    return startedAtMillis;
  }

  long lastActionAtMillis() {
    return lastActionAtMillis;
  }

  /** Attempt ids the shop was handed (or, for a stranger, the merchant order it made). */
  Map<String, String> attempts() {
    synchronized (attempts) {
      return new LinkedHashMap<>(attempts);
    }
  }

  /** What the shop was told about the order: each must be true at the channel. */
  ShopAnswers.Claims claims() {
    synchronized (refundAnswers) {
      return new ShopAnswers.Claims(
          new LinkedHashMap<>(refundAnswers), keptSeen, cancelAnswered, alreadyPaidAnswered);
    }
  }

  /** Order ids a checkout of this scenario was refused for: no order may exist under them. */
  List<String> mustNotExist() {
    synchronized (mustNotExist) {
      return new ArrayList<>(mustNotExist);
    }
  }

  /** The customer paid near a boundary with a lagging query (the known limit's other half). */
  boolean paidAtBoundary() {
    return paidAtBoundary;
  }

  void paidAtBoundary(boolean at) {
    paidAtBoundary = at;
  }

  /**
   * The attempt ids the shop was handed, by channel (the scenario's own map, to add a found one).
   */
  void knownAttempt(String attemptId, String channel) {
    attempts.putIfAbsent(attemptId, channel);
  }

  Map<String, Long> refundsAsked() {
    synchronized (refundsAsked) {
      return new LinkedHashMap<>(refundsAsked);
    }
  }

  List<String[]> strangers() {
    synchronized (strangers) {
      return new ArrayList<>(strangers);
    }
  }

  List<String> anomalies() {
    synchronized (anomalies) {
      return new ArrayList<>(anomalies);
    }
  }

  List<String> trace() {
    synchronized (trace) {
      return new ArrayList<>(trace);
    }
  }

  boolean hasOrder() {
    return kind != Kind.STRANGER && (created + successfulCheckouts > 0);
  }

  boolean paidAfterWorkflowEnd() {
    return paidAfterWorkflowEnd;
  }

  boolean checkoutOutcomeUnknown() {
    return checkoutOutcomeUnknown;
  }

  String describePlan() {
    String order =
        kind
            + " "
            + orderId
            + " "
            + decimal(plannedAmountMinor)
            + " "
            + currency
            + ", expires in "
            + expiresInSeconds
            + " s";
    if (adversary != null) {
      return order + ": " + adversary.describe();
    }
    return order
        + ", "
        + checkouts
        + " checkout(s)"
        + (conflictingCheckout ? " + conflicting" : "")
        + ", steps "
        + steps.stream()
            .map(s -> s.type() + (s.channels().isEmpty() ? "" : s.channels().toString()))
            .toList()
        + (lateCustomer ? ", late customer" : "")
        + (refunds.isEmpty()
            ? ""
            : ", refunds " + refunds.stream().map(p -> p.shape() + "x" + p.repeats()).toList())
        + (repeatCheckout ? ", repeated checkout" : "");
  }
}
