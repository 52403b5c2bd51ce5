package com.payonce.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.sandbox.keys.SandboxKeys;
import com.payonce.sandbox.webhook.Notification;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on the API and the webhook endpoint of the running app: unauthenticated and wrongly
 * authenticated calls, forged, stale and replayed webhooks, malformed and oversized bodies, extreme
 * and odd values. Every one must be answered with a 4xx {@code application/problem+json} (never a
 * 5xx), and none may change anything: payonce's tables, the channels' ledgers, the paid order's
 * workflow and the number of workflows are compared before and after.
 */
@EnabledIfSystemProperty(named = "payonce.systemTests", matches = "true")
class AbuseSystemTest {

  @RegisterExtension static final Topology topology = new Topology();

  private static Orders orders;
  private static String paidOrder;
  private static String keptAttempt;
  private static String deliveredId;
  private static String deliveredBody;
  private static Map<String, String> deliveredHeaders;

  /** One abusive request and what it must get (any 4xx problem when {@code expected} is 0). */
  private record Attack(String what, String method, String path, byte[] body, Map<String, String> headers, int expected) {}

  private final List<Attack> attacks = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final Map<String, Integer> answered = new LinkedHashMap<>();

  @BeforeAll
  static void aPaidOrderAndADeliveredWebhook() {
    orders = new Orders(topology);
    paidOrder = Orders.newId("st-abuse");
    orders.checkout(paidOrder, "c-abuse", "50.00").expect(201);
    JsonNode attempt = orders.pay(paidOrder, "alipay");
    orders.customerPays(attempt);
    keptAttempt = orders.awaitPaidExactlyOnce(paidOrder, 5000, Duration.ofSeconds(60)).keptAttemptId();
    orders.order(paidOrder);
    // a genuine notification, delivered once: replaying it must change nothing
    deliveredId = "evt_abuse_" + Topology.random();
    Notification genuine =
        ChannelNotifications.payment("alipay", topology.channelKeys("alipay"), deliveredId, keptAttempt, "50.00");
    deliveredBody = ChannelNotifications.body(genuine);
    deliveredHeaders = ChannelNotifications.headers(genuine);
    Http.Response first =
        Http.sendRaw("POST", topology.appUrl("app") + "/webhooks/alipay", bytes(deliveredBody), deliveredHeaders, Duration.ofSeconds(10));
    assertThat(first.status()).as("the genuine webhook: %s", first.body()).isEqualTo(200);
  }

  @Test
  void everyAttackIsAProblemAndChangesNothing() throws Exception {
    InvariantChecker books = new InvariantChecker(topology);
    try {
      Map<String, Long> rowsBefore = books.rowCounts();
      Map<String, InvariantChecker.Line> ledgerBefore = Map.copyOf(books.channelLedger(0));
      var viewBefore = books.workflowView(paidOrder);
      long workflowsBefore = topology.client().listExecutions("WorkflowType = 'OrderPayment' OR WorkflowType = 'OrphanPayment'").count();

      unauthenticated();
      webhooks();
      malformedBodies();
      oddValues();
      oddPaths();
      play();

      Map<String, Long> rowsAfter = books.rowCounts();
      var viewAfter = books.workflowView(paidOrder);
      long workflowsAfter = topology.client().listExecutions("WorkflowType = 'OrderPayment' OR WorkflowType = 'OrphanPayment'").count();
      System.out.printf("[abuse] %d attacks; answers: %s%n", attacks.size(), answered);
      failures.forEach(f -> System.out.println("[abuse] FAILED " + f));
      assertThat(failures).as("attacks not answered with a 4xx problem+json").isEmpty();
      assertThat(rowsAfter).as("payonce's tables, row counts").isEqualTo(rowsBefore);
      assertThat(books.channelLedger(0)).as("the channels' ledgers").isEqualTo(ledgerBefore);
      assertThat(viewAfter).as("the paid order's workflow").isEqualTo(viewBefore);
      assertThat(workflowsAfter).as("workflows on the server").isEqualTo(workflowsBefore);
      assertThat(attacks).hasSizeGreaterThan(100);
    } finally {
      books.close();
    }
  }

  /**
   * Values at the edge of what the API documents, which it accepts: they must not break anything
   * (no 5xx) and be kept exactly. The largest amount payonce accepts (100,000,000 CNY) is paid and
   * refunded end to end, to the minor unit in every book, and one fen more is a 400; a JSON number amount is taken from
   * its literal text (no binary floating point), a fractional expiresInSeconds is truncated.
   */
  @Test
  void edgeValuesTheApiAcceptsAreKeptExactly() throws Exception {
    Map<String, String> auth = auth();
    String huge = Orders.newId("st-edge-huge");
    Http.Response over =
        Http.post(topology.appUrl("app") + "/api/v1/orders", checkout(huge, "c-edge", "100000000.01", "CNY", null), Map.of("Authorization", auth.get("Authorization")));
    assertThat(over.status()).as("checkout of 100000000.01: %s", over.body()).isEqualTo(400);
    assertThat(over.json().path("type").asText()).isEqualTo("urn:payonce:problem:invalid-request");
    Http.Response created =
        Http.post(topology.appUrl("app") + "/api/v1/orders", checkout(huge, "c-edge", "100000000.00", "CNY", null), Map.of("Authorization", auth.get("Authorization")));
    assertThat(created.status()).as("checkout of 100000000.00: %s", created.body()).isEqualTo(201);
    // at Alipay: WeChat Pay's amount.total is an int of fen, so it cannot take the largest amount
    JsonNode attempt = orders.pay(huge, "alipay");
    orders.customerPays(attempt);
    Orders.Settled paid = orders.awaitPaidExactlyOnce(huge, 10_000_000_000L, Duration.ofSeconds(60));
    assertThat(paid.channels().get(paid.keptAttemptId())).isEqualTo(new Orders.Books(10_000_000_000L, 0));
    Http.Response refund =
        Http.post(topology.appUrl("app") + "/api/v1/orders/" + huge + "/refunds",
            "{\"refundId\":\"r-all\",\"amount\":\"100000000.00\"}", Map.of("Authorization", auth.get("Authorization")));
    assertThat(refund.status()).as("full refund: %s", refund.body()).isEqualTo(200);
    Await.untilAsserted("the huge order refunded to the minor unit", Duration.ofSeconds(60), () -> {
      assertThat(orders.order(huge).path("status").asText()).isEqualTo("REFUNDED");
      assertThat(orders.channelLedgers().get(paid.keptAttemptId()))
          .isEqualTo(new Orders.Books(10_000_000_000L, 10_000_000_000L));
      assertThat(orders.attemptRows(huge)).singleElement()
          .satisfies(a -> assertThat(a.refunded()).isEqualTo(10_000_000_000L));
    });

    String number = Orders.newId("st-edge-num");
    Http.Response asNumber =
        Http.post(topology.appUrl("app") + "/api/v1/orders",
            "{\"orderId\":\"" + number + "\",\"customerId\":\"c\",\"amount\":99.9,\"currency\":\"CNY\"}",
            Map.of("Authorization", auth.get("Authorization")));
    System.out.printf("[abuse] amount as the JSON number 99.9: %d %s%n", asNumber.status(), asNumber.body());
    assertThat(asNumber.status()).isLessThan(500);
    if (asNumber.status() == 201) {
      assertThat(asNumber.json().path("amount").asText()).isEqualTo("99.90");
    }
    String fraction = Orders.newId("st-edge-frac");
    Http.Response fractional =
        Http.post(topology.appUrl("app") + "/api/v1/orders", checkout(fraction, "c", "1.00", "CNY", "\"expiresInSeconds\":1.5"),
            Map.of("Authorization", auth.get("Authorization")));
    System.out.printf("[abuse] expiresInSeconds 1.5: %d %s%n", fractional.status(), fractional.body());
    assertThat(fractional.status()).isLessThan(500);
  }

  // ------------------------------------------------------------------ the attacks

  private void unauthenticated() {
    String key = topology.apiKey();
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("no Authorization", null);
    bad.put("wrong key", "Bearer wrong-" + Topology.random());
    bad.put("key plus a character", "Bearer " + key + "x");
    bad.put("key minus a character", "Bearer " + key.substring(0, key.length() - 1));
    bad.put("lowercase scheme", "bearer " + key);
    bad.put("no scheme", key);
    bad.put("two spaces", "Bearer  " + key);
    bad.put("basic auth", "Basic " + Base64.getEncoder().encodeToString(("shop:" + key).getBytes(StandardCharsets.UTF_8)));
    bad.put("empty", "");
    bad.put("7 KB of key", "Bearer " + "k".repeat(7000));
    bad.put("latin-1", "Bearer cl\u00e9-" + key);
    bad.put("key of another deployment", "Bearer dev-api-key");
    String checkout = "{\"orderId\":\"st-abuse-unauth\",\"customerId\":\"c\",\"amount\":\"1.00\",\"currency\":\"CNY\"}";
    bad.forEach((what, header) -> {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Content-Type", "application/json");
      if (header != null) {
        headers.put("Authorization", header);
      }
      add("auth " + what + ": checkout", "POST", "/api/v1/orders", checkout, headers, 401);
      add("auth " + what + ": get", "GET", "/api/v1/orders/" + paidOrder, null, headers, 401);
      add("auth " + what + ": pay", "POST", "/api/v1/orders/" + paidOrder + "/payments", "{\"channel\":\"wechat\"}", headers, 401);
      add("auth " + what + ": cancel", "POST", "/api/v1/orders/" + paidOrder + "/cancel", null, headers, 401);
      add("auth " + what + ": refund", "POST", "/api/v1/orders/" + paidOrder + "/refunds", "{\"refundId\":\"r-unauth\",\"amount\":\"50.00\"}", headers, 401);
    });
    add("auth key in the query string", "POST", "/api/v1/orders/" + paidOrder + "/cancel?api_key=" + key, null, Map.of(), 401);
  }

  private void webhooks() {
    String url = "/webhooks/alipay";
    String form = "application/x-www-form-urlencoded";
    Notification otherAccount =
        ChannelNotifications.payment("alipay", SandboxKeys.generate("alipay"), "evt_forged_" + Topology.random(), keptAttempt, "50.00");
    Notification otherChannel =
        ChannelNotifications.payment("wechat", topology.channelKeys("wechat"), "evt_forged_" + Topology.random(), keptAttempt, "50.00");
    String altered = deliveredBody.replace(deliveredId, "evt_forged_" + Topology.random());
    add("webhook without its signature", "POST", url, deliveredBody.replaceAll("&?sign=[^&]*", ""),
        Map.of("Content-Type", form), 401);
    add("webhook signed with another account's key", "POST", url, ChannelNotifications.body(otherAccount),
        ChannelNotifications.headers(otherAccount), 401);
    add("webhook of the other channel", "POST", url, ChannelNotifications.body(otherChannel),
        ChannelNotifications.headers(otherChannel), 0);
    add("webhook altered after signing", "POST", url, altered, deliveredHeaders, 401);
    add("webhook, not a form", "POST", url, "{not json", Map.of("Content-Type", form), 0);
    add("webhook, empty", "POST", url, "", Map.of("Content-Type", form), 0);
    String big = "notify_id=evt_big&pad=" + "x".repeat(70_000);
    add("webhook of 70 KB, unsigned", "POST", url, big, Map.of(), 413);
    add("webhook of 1 MB", "POST", url, "x".repeat(1 << 20), Map.of(), 413);
    add("webhook to an unknown channel", "POST", "/webhooks/paypal", deliveredBody, deliveredHeaders, 404);
    add("webhook to a SQL-like channel", "POST", "/webhooks/alipay'%20OR%20'1'='1", deliveredBody, Map.of(), 404);
    add("webhook with GET", "GET", url, null, Map.of(), 405);
    // the genuine notification again, byte for byte (the channel's retry): acknowledged, 200,
    // and nothing happens (checked by the row counts and the workflow's view)
    add("webhook replayed byte for byte", "POST", url, deliveredBody, deliveredHeaders, 200);
  }

  private void malformedBodies() {
    Map<String, String> auth = auth();
    String orders = "/api/v1/orders";
    for (String body : List.of("", "{", "null", "[]", "123", "\"order\"", "{\"orderId\":}", "{'orderId':'x'}",
        "{\"orderId\":\"x\",\"orderId\":\"y\"", "\u0000\u0001\u0002")) {
      add("checkout body " + printable(body), "POST", orders, body, auth, 400);
    }
    add("checkout nested 5000 deep", "POST", orders, "{\"orderId\":" + "[".repeat(5000) + "]".repeat(5000) + "}", auth, 400);
    add("checkout of 3 MB", "POST", orders,
        "{\"orderId\":\"st-abuse-big\",\"customerId\":\"c\",\"amount\":\"1.00\",\"currency\":\"CNY\",\"description\":\"" + "d".repeat(3 << 20) + "\"}", auth, 0);
    Map<String, String> text = new LinkedHashMap<>(auth);
    text.put("Content-Type", "text/plain");
    add("checkout as text/plain", "POST", orders, valid("st-abuse-text"), text, 415);
    Map<String, String> xml = new LinkedHashMap<>(auth);
    xml.put("Content-Type", "application/xml");
    add("checkout as XML", "POST", orders, "<order><orderId>st-abuse-xml</orderId></order>", xml, 415);
    Map<String, String> none = new LinkedHashMap<>();
    none.put("Authorization", "Bearer " + topology.apiKey());
    add("checkout without a content type", "POST", orders, valid("st-abuse-none"), none, 415);
    // found by scripts/fuzz-api.sh: a multipart Content-Type without a boundary was a 500
    Map<String, String> multipart = new LinkedHashMap<>(none);
    multipart.put("Content-Type", "multipart/form-data");
    add("checkout as multipart without a boundary", "POST", orders, null, multipart, 400);
    add("GET with a multipart Content-Type", "GET", orders + "/" + paidOrder, null, multipart, 400);
    add("webhook as multipart without a boundary", "POST", "/webhooks/alipay", null, Map.of("Content-Type", "multipart/form-data"), 400);
    add("pay with an empty body", "POST", orders + "/" + paidOrder + "/payments", "", auth, 400);
    add("pay with {}", "POST", orders + "/" + paidOrder + "/payments", "{}", auth, 400);
    add("refund with []", "POST", orders + "/" + paidOrder + "/refunds", "[]", auth, 400);
  }

  private void oddValues() {
    Map<String, String> auth = auth();
    String orders = "/api/v1/orders";
    for (String id : List.of("订单-1", "1'; DROP TABLE orders;--", "' OR '1'='1", "..", ".", "-", "a/b", "a b", "x".repeat(65), "",
        "<script>", "a\u0000b", "%00", "\uD83D\uDCB0")) {
      add("checkout orderId " + printable(id), "POST", orders, checkout(id, "c", "1.00", "CNY", null), auth, 400);
    }
    for (String amount : List.of("999999999999999999.99", "9999999999999999", "-1", "-0.01", "0", "0.00", "0.0000", "1e3", "NaN",
        "Infinity", " 1.00", "1.00 ", "1,00", "١٢٣", "0x10", "1.001", "+1.00", "")) {
      add("checkout amount " + printable(amount), "POST", orders, checkout(Orders.newId("st-abuse-amt"), "c", amount, "CNY", null), auth, 400);
    }
    add("checkout amount as a JSON boolean", "POST", orders,
        "{\"orderId\":\"" + Orders.newId("st-abuse-bool") + "\",\"customerId\":\"c\",\"amount\":true,\"currency\":\"CNY\"}", auth, 400);
    add("checkout amount as a JSON object", "POST", orders,
        "{\"orderId\":\"" + Orders.newId("st-abuse-obj") + "\",\"customerId\":\"c\",\"amount\":{\"value\":\"1.00\"},\"currency\":\"CNY\"}", auth, 400);
    add("checkout JPY with decimals", "POST", orders, checkout(Orders.newId("st-abuse-jpy"), "c", "100.5", "JPY", null), auth, 400);
    for (String currency : List.of("XXX", "ZZZ", "cny", "CN", "CNYY", "XAU", "", "€", "C\u0000Y")) {
      add("checkout currency " + printable(currency), "POST", orders, checkout(Orders.newId("st-abuse-cur"), "c", "1.00", currency, null), auth, 400);
    }
    for (String customer : List.of("", "c\u0000", "c\nd", "x".repeat(129))) {
      add("checkout customerId " + printable(customer), "POST", orders, checkout(Orders.newId("st-abuse-cus"), customer, "1.00", "CNY", null), auth, 400);
    }
    add("checkout description of 257", "POST", orders, checkout(Orders.newId("st-abuse-desc"), "c", "1.00", "CNY", "\"description\":\"" + "d".repeat(257) + "\""), auth, 400);
    for (String expiry : List.of("0", "-5", "86401", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "\"soon\"", "1e400")) {
      add("checkout expiresInSeconds " + expiry, "POST", orders, checkout(Orders.newId("st-abuse-exp"), "c", "1.00", "CNY", "\"expiresInSeconds\":" + expiry), auth, 400);
    }
    add("checkout with the paid order's id and another amount", "POST", orders, checkout(paidOrder, "c-abuse", "49.99", "CNY", null), auth, 409);
    add("checkout with the paid order's id and another customer", "POST", orders, checkout(paidOrder, "c-other", "50.00", "CNY", null), auth, 409);

    String pay = orders + "/" + paidOrder + "/payments";
    for (String channel : List.of("paypal", "", "ALIPAY", "alipay'--", "支付宝", "x".repeat(1000))) {
      add("pay channel " + printable(channel), "POST", pay, "{\"channel\":\"" + channel + "\"}", auth, 0);
    }
    add("pay the paid order again", "POST", pay, "{\"channel\":\"wechat\"}", auth, 409);
    add("pay an unknown order", "POST", orders + "/st-abuse-unknown/payments", "{\"channel\":\"alipay\"}", auth, 404);
    add("cancel the paid order", "POST", orders + "/" + paidOrder + "/cancel", null, auth, 409);
    add("cancel an unknown order", "POST", orders + "/st-abuse-unknown/cancel", null, auth, 404);

    String refunds = orders + "/" + paidOrder + "/refunds";
    for (String amount : List.of("-1.00", "0", "0.00", "1.001", "999999999999999.99", "50.01", "NaN", "1e2", "")) {
      add("refund amount " + printable(amount), "POST", refunds, "{\"refundId\":\"r-" + Topology.random() + "\",\"amount\":\"" + amount + "\"}", auth, 0);
    }
    for (String refundId : List.of("退款", "r'; DELETE FROM refunds;--", "..", "x".repeat(65), "", "a/b")) {
      add("refund id " + printable(refundId), "POST", refunds, "{\"refundId\":\"" + refundId + "\",\"amount\":\"1.00\"}", auth, 400);
    }
    add("refund reason of 257", "POST", refunds, "{\"refundId\":\"r-long\",\"amount\":\"1.00\",\"reason\":\"" + "r".repeat(257) + "\"}", auth, 400);
    add("refund an unknown order", "POST", orders + "/st-abuse-unknown/refunds", "{\"refundId\":\"r-1\",\"amount\":\"1.00\"}", auth, 404);
  }

  private void oddPaths() {
    Map<String, String> auth = auth();
    for (String path : List.of(
        "/api/v1/orders/%27%20OR%20%271%27%3D%271",
        "/api/v1/orders/" + "x".repeat(300),
        "/api/v1/orders/%E8%AE%A2%E5%8D%95",
        "/api/v1/orders/none/unknown",
        "/api/v1/nothing-here",
        "/api/v2/orders")) {
      add("GET " + path.substring(0, Math.min(60, path.length())), "GET", path, null, auth, 404);
    }
    add("PUT /orders", "PUT", "/api/v1/orders", valid("st-abuse-put"), auth, 405);
    add("DELETE an order", "DELETE", "/api/v1/orders/" + paidOrder, null, auth, 405);
    add("PATCH an order", "PATCH", "/api/v1/orders/" + paidOrder, "{\"status\":\"REFUNDED\"}", auth, 405);
    add("DELETE the orders collection", "DELETE", "/api/v1/orders", null, auth, 405);
    add("list orders with a hostile limit", "GET", "/api/v1/orders?limit=-1", null, auth, 400);
    add("list orders created after a date of another calendar", "GET", "/api/v1/orders?createdFrom=2026-13-01T00:00:00Z", null, auth, 400);
    String items = "/api/v1/operator/items";
    add("resolve an unknown operator item", "POST", items + "/9223372036854775807/resolve", "{\"operator\":\"eve\"}", auth, 404);
    add("resolve an operator item id past a long", "POST", items + "/9223372036854775808/resolve", "{\"operator\":\"eve\"}", auth, 400);
    add("resolve without saying who", "POST", items + "/1/resolve", "{\"note\":\"anonymous\"}", auth, 400);
    add("retry with a note of 1001", "POST", items + "/1/retry", "{\"operator\":\"eve\",\"note\":\"" + "n".repeat(1001) + "\"}", auth, 400);
    add("list operator items of an unknown reason", "GET", items + "?reason=BRIBE", null, auth, 400);
    String reconciliations = "/api/v1/reconciliations";
    add("reconcile an unknown channel", "POST", reconciliations, "{\"channel\":\"paypal\",\"billDate\":\"2026-11-30\"}", auth, 400);
    add("reconcile the year 9999", "POST", reconciliations, "{\"channel\":\"alipay\",\"billDate\":\"9999-12-31\"}", auth, 404);
    add("reconcile a day before the channels kept bills", "POST", reconciliations, "{\"channel\":\"wechat\",\"billDate\":\"0001-01-01\"}", auth, 404);
    add("reconcile a date of another calendar", "POST", reconciliations, "{\"channel\":\"wechat\",\"billDate\":\"2026-02-30\"}", auth, 400);
    add("read a reconciliation of the year 0", "GET", reconciliations + "/alipay/0000-01-01", null, auth, 404);
    add("read a reconciliation of an injected channel", "GET", reconciliations + "/alipay%27--/2026-11-30", null, auth, 404);
  }

  // ------------------------------------------------------------------ playing and checking

  private void play() {
    for (Attack attack : attacks) {
      Http.Response answer;
      try {
        answer = Http.sendRaw(attack.method(), topology.appUrl("app") + attack.path(), attack.body(), attack.headers(), Duration.ofSeconds(30));
      } catch (RuntimeException e) {
        failures.add(attack.what() + ": no answer: " + e.getMessage());
        continue;
      }
      answered.merge(Integer.toString(answer.status()), 1, Integer::sum);
      String shown = answer.body().length() > 300 ? answer.body().substring(0, 300) + "..." : answer.body();
      if (answer.status() >= 500) {
        failures.add(attack.what() + ": " + answer.status() + " " + shown);
        continue;
      }
      if (attack.expected() == 200) {
        // Alipay's "received" (the row counts show nothing happened twice)
        if (answer.status() != 200 || !answer.body().equals("success")) {
          failures.add(attack.what() + ": expected 200 success, got " + answer.status() + " " + shown);
        }
        continue;
      }
      if (answer.status() < 400 || (attack.expected() != 0 && answer.status() != attack.expected())) {
        failures.add(attack.what() + ": expected " + (attack.expected() == 0 ? "a 4xx" : attack.expected()) + ", got " + answer.status() + " " + shown);
        continue;
      }
      if (!answer.contentType().startsWith("application/problem+json")) {
        failures.add(attack.what() + ": " + answer.status() + " as '" + answer.contentType() + "', not problem+json: " + shown);
        continue;
      }
      try {
        JsonNode problem = answer.json();
        if (!problem.path("type").asText().startsWith("urn:payonce:problem:") || problem.path("status").asInt() != answer.status()) {
          failures.add(attack.what() + ": a problem without payonce's type or with another status: " + shown);
        }
      } catch (RuntimeException e) {
        failures.add(attack.what() + ": problem+json that is not JSON: " + shown);
      }
    }
  }

  private void add(String what, String method, String path, String body, Map<String, String> headers, int expected) {
    attacks.add(new Attack(what, method, path, body == null ? null : bytes(body), headers, expected));
  }

  private static Map<String, String> auth() {
    return Map.of("Authorization", "Bearer " + topology.apiKey(), "Content-Type", "application/json");
  }

  private static String valid(String orderId) {
    return checkout(orderId, "c", "1.00", "CNY", null);
  }

  private static String checkout(String orderId, String customer, String amount, String currency, String extra) {
    return "{\"orderId\":" + quote(orderId) + ",\"customerId\":" + quote(customer) + ",\"amount\":" + quote(amount)
        + ",\"currency\":" + quote(currency) + (extra == null ? "" : "," + extra) + "}";
  }

  private static String quote(String s) {
    try {
      return Http.JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String printable(String s) {
    String shown = s.length() > 24 ? s.substring(0, 24) + "...(" + s.length() + ")" : s;
    StringBuilder out = new StringBuilder("'");
    shown.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : new String(Character.toChars(c))));
    return out.append("'").toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
