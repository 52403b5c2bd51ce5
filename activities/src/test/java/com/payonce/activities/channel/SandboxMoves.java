package com.payonce.activities.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Money moved at the simulator for a statement test: orders created through the channel's adapter
 * and paid by the customer, refunds through the adapter, the simulator's control API.
 */
public final class SandboxMoves {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String name;
  private final PaymentChannel channel;
  private final Supplier<String> base;

  /**
   * @param base the simulator's root URL (http://host:port), read when used
   */
  public SandboxMoves(String name, PaymentChannel channel, Supplier<String> base) {
    this.name = name;
    this.channel = channel;
    this.base = base;
  }

  /** A new order of {@code fen} at the channel, paid by the customer: its attempt id. */
  public String paid(long fen) throws Exception {
    String attempt = id();
    String payUrl =
        channel
            .create(
                new CreatePayment(
                    name,
                    attempt,
                    "ord-" + attempt,
                    cny(fen),
                    "tea",
                    Instant.now().plusSeconds(900).toEpochMilli()))
            .payUrl();
    send("POST", payUrl, null);
    return attempt;
  }

  /** A refund the channel finishes at once: its refund number. */
  public String refund(String attempt, long fen) {
    String refundNo = id();
    assertThat(channel.refund(new RefundPayment(name, attempt, refundNo, cny(fen), "asked")))
        .isEqualTo(ChannelRefundStatus.SUCCEEDED);
    return refundNo;
  }

  /** The channel's own number of the attempt's trade. */
  public String channelOrderId(String attempt) throws Exception {
    Matcher id =
        Pattern.compile("\"channelOrderId\"\\s*:\\s*\"([^\"]+)\"")
            .matcher(control("GET", "/orders/" + attempt, null));
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  /** The simulator's control API of this channel. */
  public String control(String method, String path, String json) throws Exception {
    return send(method, base.get() + "/sandbox/" + name + "/v1" + path, json);
  }

  public static Money cny(long fen) {
    return new Money(fen, "CNY");
  }

  /** Never starting with f: the filler's attempt ids do. */
  public static String id() {
    return "a" + UUID.randomUUID().toString().replace("-", "").substring(1);
  }

  private static String send(String method, String url, String json) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(method + " " + url + ": " + answer.body()).isLessThan(300);
    return answer.body();
  }
}
