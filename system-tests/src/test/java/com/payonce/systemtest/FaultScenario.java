package com.payonce.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * <p>The shop behaves correctly: it retries a call whose outcome it did not see (connection
 * refused while the app is dead, a timeout) and a 503, with the same ids.
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
    STRANGER
  }

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
  private final Map<String, Long> refundsGranted = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Long> refundsAsked = Collections.synchronizedMap(new LinkedHashMap<>());
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
    this.kind =
        k < 4 ? Kind.VERY_LATE : k < 7 ? Kind.STRANGER : k < 13 ? Kind.CHECKOUT_ONLY : Kind.STANDARD;
    this.orderId = orderId;
    this.customerId = "c-" + r.nextInt(1000);
    int c = r.nextInt(10);
    this.currency = c < 8 ? "CNY" : c == 8 ? "USD" : "JPY";
    this.digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
    int a = r.nextInt(100);
    this.plannedAmountMinor =
        a < 5 ? 1 : a < 8 ? r.nextLong(100_000_000L, 10_000_000_000L) : r.nextLong(1, 50_001);
    this.expiresInSeconds =
        switch (kind) {
          case VERY_LATE -> 75;
          case CHECKOUT_ONLY -> 5 + r.nextInt(8);
          default -> 5 + r.nextInt(16);
        };
    this.checkouts = 1 + r.nextInt(4);
    this.conflictingCheckout = r.nextInt(100) < 15;
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
    try {
      if (kind == Kind.STRANGER) {
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

  private void checkout() {
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < checkouts; i++) {
      // with a conflicting checkout racing, it may be the one that creates the order: then 409
      calls.add(() -> conflictingCheckout
          ? api("checkout", "POST", "/orders", checkoutBody(amountMinor, customerId), 200, 201, 409)
          : api("checkout", "POST", "/orders", checkoutBody(amountMinor, customerId), 200, 201));
    }
    long otherAmount = plannedAmountMinor + 1;
    if (conflictingCheckout) {
      calls.add(() -> api("checkout-conflicting", "POST", "/orders", checkoutBody(otherAmount, customerId), 200, 201, 409));
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
    note("checkouts: " + checkouts + " identical" + (conflictingCheckout ? " + 1 conflicting" : "")
        + " answered " + answers.stream().map(a -> a == null ? "?" : Integer.toString(a.status())).toList());
    if (created > 1) {
      anomaly(created + " checkouts of " + orderId + " answered 201 Created: the order was created more than once");
    }
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

  private Http.Response pay(String channel) {
    Http.Response answer =
        api("pay", "POST", "/orders/" + orderId + "/payments", "{\"channel\":\"" + channel + "\"}", 200, 409);
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

  private void customerPays(List<String> which, String amount) {
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (String attempt : which) {
      calls.add(() -> customer("pay", attempt, amount));
    }
    all(calls);
  }

  /** The customer at the channel: scan or pay the attempt's channel order. */
  private Http.Response customer(String action, String attemptId, String amount) {
    String channel = attempts.get(attemptId);
    String url = topology.sandboxUrl(channel) + "/orders/" + attemptId + "/" + action;
    String body = amount == null ? null : "{\"amount\":\"" + amount + "\"}";
    try {
      Http.Response answer = Http.send("POST", url, body, Map.of(), Duration.ofSeconds(10));
      tally.add("customer " + action + " " + answer.status() + problemSuffix(answer, "code"));
      note("customer " + action + (amount == null ? "" : " " + amount) + " " + channel + "/" + attemptId
          + " -> " + answer.status() + " " + (answer.status() == 200 ? answer.json().path("status").asText() : answer.json().path("code").asText()));
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
            case SAME_ID_OTHER_AMOUNT -> previousAmount > 1 ? previousAmount - 1 : previousAmount + 1;
          };
      if (plan.shape() == RefundShape.SAME_ID_OTHER_AMOUNT && previousId != null) {
        refundId = previousId;
      }
      String id = refundId;
      String body = "{\"refundId\":\"" + id + "\",\"amount\":\"" + decimal(amount) + "\",\"reason\":\"fault-proof " + plan.shape() + "\"}";
      refundsAsked.putIfAbsent(id, amount);
      List<Callable<Http.Response>> calls = new ArrayList<>();
      for (int i = 0; i < plan.repeats(); i++) {
        calls.add(() -> api("refund", "POST", "/orders/" + orderId + "/refunds", body, 200, 409));
      }
      List<Http.Response> answers = plan.concurrent() ? all(calls) : sequential(calls);
      for (Http.Response answer : answers) {
        if (answer != null && answer.status() == 200) {
          long granted = minor(answer.json().path("amount").asText(), digits);
          Long before = refundsGranted.putIfAbsent(id, granted);
          if (before != null && before != granted) {
            anomaly("refund " + id + " answered 200 with " + before + " and with " + granted + " minor units");
          }
          if (granted != refundsAsked.get(id) && plan.shape() != RefundShape.SAME_ID_OTHER_AMOUNT) {
            anomaly("refund " + id + " asked " + refundsAsked.get(id) + ", answered " + granted);
          }
        }
      }
      note("refund " + id + " " + plan.shape() + " " + decimal(amount) + " x" + plan.repeats()
          + (plan.concurrent() ? " concurrently" : "") + " -> "
          + answers.stream().map(a -> a == null ? "?" : a.status() + (a.status() == 200 ? " " + a.json().path("status").asText() : problemSuffix(a, "type"))).toList());
      previousId = id;
      previousAmount = amount;
    }
  }

  /** Waits (bounded) until the order is no longer awaiting payment; true when it is paid. */
  private boolean awaitPaid() {
    long deadline = Math.max(expiresAtMillis, System.currentTimeMillis()) + 40_000;
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
    note("the workflow still runs " + (expiresAtMillis - System.currentTimeMillis()) + " ms before expiry; the customer pays anyway");
  }

  private void stranger() {
    String channel = strangerChannel;
    String merchantOrderNo = "stranger" + Long.toHexString(seed);
    ObjectNode body = Http.JSON.createObjectNode();
    body.put("merchantOrderNo", merchantOrderNo);
    body.put("amount", decimal(amountMinor));
    body.put("currency", currency);
    body.put("description", "fault-proof: an order payonce never made");
    body.put("notifyUrl", topology.appUrl("app") + "/webhooks/" + channel);
    body.put("expiresAt", Instant.now().plusSeconds(60).toString());
    boolean made = false;
    for (int i = 0; i < 8 && !made; i++) {
      try {
        Http.Response answer =
            Http.send("POST", topology.sandboxUrl(channel) + "/orders", body.toString(), Map.of(), Duration.ofSeconds(15));
        made = answer.status() == 200 || answer.status() == 201;
        note("stranger create " + channel + "/" + merchantOrderNo + " -> " + answer.status());
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
    attempts.put(merchantOrderNo, channel);
    strangers.add(new String[] {channel, merchantOrderNo});
    List<Callable<Http.Response>> calls = new ArrayList<>();
    for (int i = 0; i < strangerPays; i++) {
      calls.add(() -> customer("pay", merchantOrderNo, null));
    }
    all(calls);
  }

  // ------------------------------------------------------------------ the shop's HTTP calls

  private String checkoutBody(long amount, String customer) {
    ObjectNode body = Http.JSON.createObjectNode();
    body.put("orderId", orderId);
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
  private Http.Response api(String label, String method, String path, String body, int... expected) {
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
        anomaly(label + " answered " + answer.status() + " as " + answer.contentType() + ", not problem+json: " + answer.body());
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
      if (!label.equals("get") && !(label.equals("pay") && answer.status() == 200)) {
        note(label + " -> " + answer.status() + problemSuffix(answer, "type"));
      }
      if (answer.status() >= 500) {
        anomaly(label + " answered " + answer.status() + ": " + answer.body());
      } else if (java.util.Arrays.stream(expected).noneMatch(s -> s == answer.status())) {
        anomaly(label + " answered an unexpected " + answer.status() + ": " + answer.body());
      }
      return answer;
    }
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

  private <T> List<T> all(List<Callable<T>> calls) {
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

  private <T> List<T> sequential(List<Callable<T>> calls) {
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

  private static void pause(long millis) {
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

  private void note(String what) {
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

  Map<String, Long> refundsGranted() {
    synchronized (refundsGranted) {
      return new LinkedHashMap<>(refundsGranted);
    }
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
    return kind + " " + orderId + " " + decimal(plannedAmountMinor) + " " + currency + ", expires in "
        + expiresInSeconds + " s, " + checkouts + " checkout(s)" + (conflictingCheckout ? " + conflicting" : "")
        + ", steps " + steps.stream().map(s -> s.type() + (s.channels().isEmpty() ? "" : s.channels().toString())).toList()
        + (lateCustomer ? ", late customer" : "")
        + (refunds.isEmpty() ? "" : ", refunds " + refunds.stream().map(p -> p.shape() + "x" + p.repeats()).toList())
        + (repeatCheckout ? ", repeated checkout" : "");
  }
}
