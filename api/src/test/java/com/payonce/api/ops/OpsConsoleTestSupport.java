package com.payonce.api.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.payonce.activities.operator.OperatorItemsTable;
import com.payonce.api.ApiTestSupport;
import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console's tests: orders made through the API, the ledger awaited, and an HTTP client that
 * keeps its cookies as a browser does. Same context as every API test.
 */
abstract class OpsConsoleTestSupport extends ApiTestSupport {
  @Autowired private OperatorItemsTable operatorItems;

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  /** A failed-login test may empty the operator's bucket: the next test starts with a full one. */
  @AfterEach
  void refillLoginBuckets() {
    jdbc()
        .sql("DELETE FROM rate_limit_buckets WHERE id IN (:ids)")
        .param(
            "ids",
            java.util.List.of(OpsLoginThrottle.OPERATOR_BUCKET, OpsLoginThrottle.OTHER_BUCKET))
        .update();
  }

  /** One user agent: its own cookies, redirects not followed (the tests look at them). */
  protected final class Agent {
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> get(String path) {
      return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
      String body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      return send(
          HttpRequest.newBuilder(uri(path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * The status line of a GET sent byte for byte, with this agent's session: for a request line
     * java.net.URI would refuse to build (a broken escape).
     */
    String rawGet(String pathAndQuery) {
      String cookie =
          cookies.getCookieStore().getCookies().stream()
              .map(c -> c.getName() + "=" + c.getValue())
              .collect(Collectors.joining("; "));
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        socket
            .getOutputStream()
            .write(
                ("GET "
                        + pathAndQuery
                        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
                        + cookie
                        + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The CSRF token of the form on the page at {@code path}. */
    String csrfTokenOf(String path) {
      HttpResponse<String> page = get(path);
      assertThat(page.statusCode()).as("%s: %s", path, page.body()).isEqualTo(200);
      Matcher token = CSRF.matcher(page.body());
      assertThat(token.find()).as("a CSRF token in %s", page.body()).isTrue();
      return token.group(1);
    }

    /** Logs in through the form, as a browser would; answers the login's response. */
    HttpResponse<String> logIn(String username, String password) {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("username", username);
      form.put("password", password);
      form.put("_csrf", csrfTokenOf("/ops/login"));
      return post("/ops/login", form);
    }

    Agent loggedIn() {
      HttpResponse<String> login = logIn(OPS_USERNAME, OPS_PASSWORD);
      assertThat(login.statusCode()).as("login: %s", login.headers()).isEqualTo(302);
      assertThat(login.headers().firstValue("Location").orElseThrow())
          .doesNotContain("error", "locked");
      return this;
    }

    private URI uri(String path) {
      return URI.create(path.startsWith("http") ? path : baseUrl() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return http.send(
            request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** An order paid at alipay, with a refund of {@code refunded} once it is PAID. */
  protected String paidAndRefunded(String customerId, String amount, String refunded) {
    String orderId = uniqueId("ops");
    assertOk(checkout(orderId, customerId, amount, "CNY"), 201);
    Reply attempt = pay(orderId, "alipay");
    assertOk(attempt, 200);
    customerPays("alipay", attempt.text("attemptId"));
    awaitStatus(orderId, "PAID");
    assertOk(refund(orderId, "r-" + orderId, refunded), 200);
    awaitLedger(
        orderId,
        "SELECT count(*) FROM refunds WHERE order_id = :orderId AND status = 'SUCCEEDED'",
        1);
    return orderId;
  }

  /** An order nobody paid yet. */
  protected String awaitingPayment(String customerId, String amount) {
    String orderId = uniqueId("ops");
    assertOk(checkout(orderId, customerId, amount, "CNY"), 201);
    awaitLedger(orderId, "SELECT count(*) FROM orders WHERE order_id = :orderId", 1);
    return orderId;
  }

  /** An open operator item about the order, as payonce raises one; answers its id. */
  protected long raiseItem(OperatorReason reason, String orderId, String detail) {
    return operatorItems
        .insert(
            new NewOperatorItem(
                "ops-test/" + uniqueId(reason.name()),
                reason,
                orderId,
                "alipay",
                null,
                null,
                detail))
        .orElseThrow();
  }

  protected String itemStatus(long itemId) {
    return operatorItems.find(itemId).orElseThrow().status().name();
  }

  /** Waits until the ledger (what the console reads) counts {@code rows} for the order. */
  protected void awaitLedger(String orderId, String countSql, long rows) {
    await("the ledger of " + orderId + ": " + countSql)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                jdbc().sql(countSql).param("orderId", orderId).query(Long.class).single() == rows);
  }
}
