package com.payonce.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.operator.OperatorReason;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The console over plain HTTP: nothing for anonymous requests, CSRF on every POST, logins counted,
 * its headers, hostile input answered with pages, and every other path as before.
 */
class OpsConsoleHttpTest extends OpsConsoleTestSupport {

  @Test
  void everyOpsPathNeedsTheLogin_andShowsNothingBeforeIt() {
    String customer = uniqueId("ops-anon-customer");
    String orderId = awaitingPayment(customer, "3.00");
    Agent anonymous = new Agent();
    for (String path :
        List.of(
            "/ops",
            "/ops/",
            "/ops/orders",
            "/ops/orders?customerId=" + customer,
            "/ops/orders/" + orderId,
            "/ops/orders/no-such-order",
            "/ops/orders?status=NOPE",
            "/ops/no-such-page",
            "/ops/queue",
            "/ops/queue/1",
            "/ops/runs",
            "/ops/runs/alipay/2026-12-01",
            // spellings of the same paths: the container decodes them, the matcher too
            "/%6Fps/orders/" + orderId,
            "/ops/./orders/" + orderId)) {
      HttpResponse<String> page = anonymous.get(path);
      assertThat(page.statusCode()).as("GET %s", path).isIn(302, 400);
      if (page.statusCode() == 302) {
        assertThat(page.headers().firstValue("Location").orElseThrow())
            .as("GET %s", path)
            .endsWith("/ops/login");
      }
      // a refused path may be echoed back; the order's data never is
      assertThat(page.body()).as("GET %s", path).doesNotContain(customer, "3.00");
    }
    // path parameters and encoded slashes are the firewall's: refused before any chain
    for (String path : List.of("/ops;x=y/orders/" + orderId, "/ops/orders/%2E%2E/orders")) {
      HttpResponse<String> page = anonymous.get(path);
      assertThat(page.statusCode()).as("GET %s", path).isEqualTo(400);
      assertThat(page.body()).doesNotContain(customer, "3.00");
    }
    HttpResponse<String> post = anonymous.post("/ops/orders", Map.of());
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(post.body()).doesNotContain(orderId, customer);
  }

  @Test
  void aPostWithoutItsCsrfTokenIsRefused() {
    // the login form itself
    HttpResponse<String> login =
        new Agent().post("/ops/login", Map.of("username", OPS_USERNAME, "password", OPS_PASSWORD));
    assertThat(login.statusCode()).isEqualTo(403);

    Agent operator = new Agent().loggedIn();
    HttpResponse<String> logout = operator.post("/ops/logout", Map.of());
    assertThat(logout.statusCode()).isEqualTo(403);
    HttpResponse<String> forged = operator.post("/ops/logout", Map.of("_csrf", "forged"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(operator.get("/ops/orders").statusCode()).as("still logged in").isEqualTo(200);

    HttpResponse<String> realLogout =
        operator.post("/ops/logout", Map.of("_csrf", operator.csrfTokenOf("/ops/orders")));
    assertThat(realLogout.statusCode()).isEqualTo(302);
    assertThat(realLogout.headers().firstValue("Location").orElseThrow())
        .endsWith("/ops/login?logout");
    assertThat(operator.get("/ops/orders").statusCode()).as("logged out").isEqualTo(302);
  }

  @Test
  void wrongPasswordsAreRefused_andTooManyLockTheAccountEvenForTheRightOne() {
    Agent guesser = new Agent();
    HttpResponse<String> wrong = guesser.logIn(OPS_USERNAME, "not-the-password");
    assertThat(wrong.headers().firstValue("Location").orElseThrow()).endsWith("/ops/login?error");
    assertThat(guesser.get("/ops/orders").statusCode()).isEqualTo(302);
    assertThat(guesser.get("/ops/login?error").body()).contains("Wrong name or password.");

    // five failures in all (the default), then the account waits
    for (int i = 0; i < 4; i++) {
      assertThat(guesser.logIn(OPS_USERNAME, "guess-" + i).headers().firstValue("Location"))
          .hasValueSatisfying(location -> assertThat(location).endsWith("?error"));
    }
    HttpResponse<String> locked = new Agent().logIn(OPS_USERNAME, OPS_PASSWORD);
    assertThat(locked.headers().firstValue("Location").orElseThrow()).endsWith("/ops/login?locked");
    assertThat(new Agent().get("/ops/login?locked").body()).contains("Too many failed logins");

    // made-up names have a bucket of their own: they never lock the operator out
    refillLoginBuckets();
    for (int i = 0; i < 6; i++) {
      guesser.logIn("admin-" + i, "admin");
    }
    new Agent().loggedIn();
  }

  @Test
  void consolePagesCarryTheCashiersHeaders_andAStrictHttpOnlySessionCookie() {
    HttpResponse<String> loginPage = new Agent().get("/ops/login");
    assertThat(loginPage.statusCode()).isEqualTo(200);
    assertConsoleHeaders(loginPage);
    String cookie = loginPage.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("PAYONCE_OPS_SESSION=")
        .contains("Path=/ops", "HttpOnly", "SameSite=Strict");

    Agent operator = new Agent().loggedIn();
    assertConsoleHeaders(operator.get("/ops/orders"));
    HttpResponse<String> missing = operator.get("/ops/orders/no-such-order");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertConsoleHeaders(missing);
  }

  /** Spring Security's own headers would change them; the other chain adds none. */
  @Test
  void everyOtherPathAnswersAsBefore_withoutSessionOrHeadersOfSpringSecurity() {
    Reply unauthorized = send("GET", "/api/v1/orders/no-such-order", null, Map.of());
    assertProblem(unauthorized, 401, "unauthorized");
    Reply notFound = api("GET", "/api/v1/orders/no-such-order", null);
    assertProblem(notFound, 404, "order-not-found");
    Reply script = send("GET", "/cashier/cashier.js", null, Map.of());
    assertThat(script.status()).isEqualTo(200);
    for (Reply reply : List.of(unauthorized, notFound, script)) {
      assertThat(reply.headers().map())
          .doesNotContainKeys(
              "Set-Cookie", "X-Frame-Options", "X-Content-Type-Options", "Pragma", "Expires");
    }
    assertThat(script.header("Cache-Control")).isNull();
    // no CSRF for the API: a POST with the key and no token is served
    assertProblem(api("POST", "/api/v1/orders/no-such-order/cancel", null), 404, "order-not-found");
    // a decorated API path goes where it always went, not to the console's firewall
    assertThat(send("GET", "/api/v1/orders;x=y", null, Map.of()).status()).isEqualTo(401);
  }

  @Test
  void badFiltersAreA400Page_unknownOrdersA404Page_andNothingIsUnescaped() {
    Agent operator = new Agent().loggedIn();
    for (String query :
        List.of(
            "status=NOPE",
            "status=paid",
            "channel=paypal",
            "limit=0",
            "limit=101",
            "limit=ten",
            "customerId=%00",
            "startingAfter=..",
            "startingAfter=%3Cscript%3E")) {
      HttpResponse<String> page = operator.get("/ops/orders?" + query);
      assertThat(page.statusCode()).as(query).isEqualTo(400);
      assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
      assertThat(page.body()).as(query).contains("Bad Request").doesNotContain("<script>");
    }
    // a query string Tomcat cannot decode
    assertThat(operator.rawGet("/ops/orders?customerId=%zz"))
        .startsWith("HTTP/1.1 400")
        .contains("Bad Request");
    assertThat(operator.get("/ops/orders?startingAfter=no-such-order").statusCode()).isEqualTo(404);
    for (String id :
        List.of("no-such-order", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "x".repeat(65))) {
      HttpResponse<String> page = operator.get("/ops/orders/" + id);
      assertThat(page.statusCode()).as(id).isIn(400, 404);
      assertThat(page.body()).as(id).doesNotContain("<script>alert");
    }

    String hostile = uniqueId("<b>cust</b>");
    String orderId = awaitingPayment(hostile, "2.00");
    HttpResponse<String> list =
        operator.get(
            "/ops/orders?customerId="
                + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(orderId, "&lt;b&gt;cust&lt;/b&gt;").doesNotContain("<b>cust");
  }

  @Test
  void aChannelThatCannotAnswerIsUnavailable_andALedgerThatDiffersIsMarked() {
    String orderId = paidAndRefunded(uniqueId("ops-diff"), "8.00", "3.00");
    Agent operator = new Agent().loggedIn();
    HttpResponse<String> page = operator.get("/ops/orders/" + orderId);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("(partial refunds not reported)")
        .doesNotContain("amounts differ", "unavailable");

    // an attempt at a channel payonce no longer has, and a captured amount the channel never saw
    String attemptId =
        jdbc()
            .sql("SELECT attempt_id FROM payment_attempts WHERE order_id = :orderId")
            .param("orderId", orderId)
            .query(String.class)
            .single();
    jdbc()
        .sql(
            """
            INSERT INTO payment_attempts (attempt_id, order_id, channel, status, created_at)
            VALUES (:attemptId, :orderId, 'retired', 'CLOSED', now())
            """)
        .param("attemptId", attemptId + "-r")
        .param("orderId", orderId)
        .update();
    jdbc()
        .sql("UPDATE payment_attempts SET captured_minor = 900 WHERE attempt_id = :attemptId")
        .param("attemptId", attemptId)
        .update();

    HttpResponse<String> changed = operator.get("/ops/orders/" + orderId);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).contains("unavailable", "amounts differ", "9.00");
  }

  @Test
  void queueActionsNeedTheirCsrfToken_andAnsweredWithPagesWhenTheyCannotBeDone() {
    String orderId = awaitingPayment(uniqueId("ops-queue-http"), "4.00");
    long itemId = raiseItem(OperatorReason.AMOUNT_MISMATCH, orderId, "<i>4.10</i> against 4.00");
    Agent operator = new Agent().loggedIn();
    String resolve = "/ops/queue/" + itemId + "/resolve";

    assertThat(operator.post(resolve, Map.of("note", "no token")).statusCode()).isEqualTo(403);
    assertThat(new Agent().post(resolve, Map.of()).statusCode()).isEqualTo(403);
    assertThat(itemStatus(itemId)).isEqualTo("OPEN");

    HttpResponse<String> page = operator.get("/ops/queue/" + itemId);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("&lt;i&gt;4.10&lt;/i&gt;").doesNotContain("<i>4.10");
    String token = operator.csrfTokenOf("/ops/queue/" + itemId);
    HttpResponse<String> badNote =
        operator.post(resolve, Map.of("_csrf", token, "note", "bell\u0007"));
    assertThat(badNote.statusCode()).isEqualTo(400);
    assertThat(itemStatus(itemId)).isEqualTo("OPEN");

    HttpResponse<String> resolved =
        operator.post(resolve, Map.of("_csrf", token, "note", "settled by hand"));
    assertThat(resolved.statusCode()).isEqualTo(302);
    assertThat(itemStatus(itemId)).isEqualTo("RESOLVED");
    HttpResponse<String> again = operator.post(resolve, Map.of("_csrf", token));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body()).contains("already resolved");

    for (String id : List.of("999999999", "0", "-1", "x", "1e3")) {
      assertThat(operator.get("/ops/queue/" + id).statusCode()).as(id).isEqualTo(404);
      assertThat(operator.post("/ops/queue/" + id + "/retry", Map.of("_csrf", token)).statusCode())
          .as(id)
          .isEqualTo(404);
    }
    for (String query :
        List.of("reason=NOPE", "status=CLOSED", "startingAfter=-1", "startingAfter=x")) {
      assertThat(operator.get("/ops/queue?" + query).statusCode()).as(query).isEqualTo(400);
    }
  }

  @Test
  void reconciliationRunsAndTheirDifferences() {
    String orderId = awaitingPayment(uniqueId("ops-run"), "4.00");
    long itemId = raiseItem(OperatorReason.AMOUNT_MISMATCH, orderId, "4.10 against 4.00");
    java.time.LocalDate day =
        java.time.LocalDate.of(2001, 1, 1)
            .plusDays(java.util.concurrent.ThreadLocalRandom.current().nextInt(30_000));
    jdbc()
        .sql(
            """
            INSERT INTO reconciliation_runs (channel, bill_date, run_id, status, lines_done,
                                             differences, finished_at)
            VALUES ('alipay', :day, 'ops-test', 'DONE', 2, 1, now())
            """)
        .param("day", java.sql.Date.valueOf(day))
        .update();
    jdbc()
        .sql(
            """
            INSERT INTO reconciliation_differences (channel, bill_date, line_number, kind,
                attempt_id, order_id, currency, channel_amount_minor, payonce_amount_minor,
                action, item_id)
            VALUES ('alipay', :day, 2, 'AMOUNT_MISMATCH', 'attempt-x', :orderId, 'CNY', 410, 400,
                    'RAISED', :itemId)
            """)
        .param("day", java.sql.Date.valueOf(day))
        .param("orderId", orderId)
        .param("itemId", itemId)
        .update();
    Agent operator = new Agent().loggedIn();

    HttpResponse<String> runs = operator.get("/ops/runs");
    assertThat(runs.statusCode()).isEqualTo(200);
    assertThat(runs.body()).contains("/ops/runs/alipay/" + day);
    HttpResponse<String> run = operator.get("/ops/runs/alipay/" + day);
    assertThat(run.statusCode()).isEqualTo(200);
    assertThat(operator.get("/ops/orders/" + orderId).body())
        .contains("Operator items", "/ops/queue/" + itemId);
    assertThat(run.body())
        .contains(
            "AMOUNT_MISMATCH", "4.10", "4.00", "/ops/orders/" + orderId, "/ops/queue/" + itemId);

    assertThat(operator.get("/ops/runs/alipay/2001-02-30").statusCode()).isEqualTo(400);
    assertThat(operator.get("/ops/runs/alipay/yesterday").statusCode()).isEqualTo(400);
    assertThat(operator.get("/ops/runs/alipay/" + day + "?afterLine=x").statusCode())
        .isEqualTo(400);
    assertThat(operator.get("/ops/runs/paypal/" + day).statusCode()).isEqualTo(404);
    assertThat(operator.get("/ops/runs/ALIPAY%27--/" + day).statusCode()).isEqualTo(404);
  }

  private static void assertConsoleHeaders(HttpResponse<String> page) {
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }
}
