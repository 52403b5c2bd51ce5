package com.payonce.activities.channel.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.payonce.activities.channel.ChannelRefusal;
import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.channel.WebhookRejected;
import com.payonce.workflows.channel.ChannelFailure;
import com.payonce.workflows.channel.ChannelOrder;
import com.payonce.workflows.channel.ChannelPayment;
import com.payonce.workflows.channel.ChannelRefundStatus;
import com.payonce.workflows.channel.CloseResult;
import com.payonce.workflows.channel.CreatePayment;
import com.payonce.workflows.channel.RefundPayment;
import com.payonce.workflows.money.Money;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;

/**
 * A channel reached over HTTP with the sandbox PSP's protocol (Alipay- and WeChat-Pay-like). The
 * merchant order number sent is the attempt id and the refund number is the workflow's refund id,
 * which is what makes every call here safe to retry.
 */
public class SandboxChannel implements PaymentChannel {
  static final String TIMESTAMP_HEADER = "X-Sandbox-Timestamp";
  static final String SIGNATURE_HEADER = "X-Sandbox-Signature";
  private static final int TOO_MANY_REQUESTS = 429;

  private final SandboxChannelConfig config;
  private final RestClient http;
  private final ObjectMapper json = new ObjectMapper();

  public SandboxChannel(SandboxChannelConfig config) {
    this.config = config;
    JdkClientHttpRequestFactory requests =
        new JdkClientHttpRequestFactory(
            HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build());
    requests.setReadTimeout(config.readTimeout());
    this.http = RestClient.builder().requestFactory(requests).build();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public ChannelOrder create(CreatePayment request) {
    ObjectNode body =
        json.createObjectNode()
            .put("merchantOrderNo", request.attemptId())
            .put("amount", request.amount().toDecimal())
            .put("currency", request.amount().currency())
            .put("description", request.description())
            .put("notifyUrl", config.notifyUrl().get())
            .put("expiresAt", Instant.ofEpochMilli(request.expiresAtMillis()).toString());
    Reply reply = call("POST", "/orders", body);
    if (reply.status() >= 400) {
      throw new ChannelRefusal(ChannelFailure.CHANNEL_REJECTED, reply.describe());
    }
    // The sandbox answers a path; the customer needs a full address.
    String payUrl = URI.create(config.baseUrl().get()).resolve(reply.text("payUrl")).toString();
    return new ChannelOrder(reply.text("channelOrderId"), payUrl);
  }

  @Override
  public ChannelPayment query(String attemptId) {
    Reply reply = call("GET", "/orders/" + attemptId, null);
    if (reply.status() == 404) {
      return new ChannelPayment(ChannelPayment.Status.NOT_FOUND, null, 0);
    }
    if (reply.status() >= 400) {
      throw new ChannelRefusal(ChannelFailure.CHANNEL_REJECTED, reply.describe());
    }
    ChannelPayment.Status status = known(ChannelPayment.Status.class, reply);
    String currency = reply.text("currency");
    Money paid = reportedAmount(attemptId, reply, "paidAmount", currency);
    long refunded = reportedAmount(attemptId, reply, "refundedAmount", currency).minor();
    return new ChannelPayment(status, paid, refunded);
  }

  /**
   * An amount payonce cannot hold (above the currency's maximum, more decimals than it has, not a
   * number) is refused for good: asking again gets the same answer, and an activity retried for
   * ever would hold its order workflow for ever. An operator has to settle such a payment.
   */
  private Money reportedAmount(String attemptId, Reply reply, String field, String currency) {
    String amount = reply.text(field);
    try {
      return Money.ofDecimal(amount, currency == null ? "" : currency);
    } catch (IllegalArgumentException e) {
      throw new ChannelRefusal(
          ChannelFailure.CHANNEL_REJECTED,
          config.name()
              + " reports "
              + field
              + " "
              + amount
              + " "
              + currency
              + " for "
              + attemptId
              + ", which payonce cannot hold ("
              + e.getMessage()
              + "): an operator must settle it");
    }
  }

  @Override
  public CloseResult close(String attemptId) {
    Reply reply = call("POST", "/orders/" + attemptId + "/close", null);
    if (reply.status() == 409 && "ORDER_PAID".equals(reply.text("code"))) {
      return CloseResult.ALREADY_PAID;
    }
    if (reply.status() == 409 && "USER_PAYING".equals(reply.text("code"))) {
      return CloseResult.CUSTOMER_PAYING;
    }
    if (reply.status() == 404) {
      return CloseResult.CLOSED; // never created (a failed create): nothing can be paid
    }
    if (reply.status() >= 400) {
      throw new ChannelRefusal(ChannelFailure.CHANNEL_REJECTED, reply.describe());
    }
    if (!"CLOSED".equals(reply.text("status"))) {
      throw unknownAnswer(reply);
    }
    return CloseResult.CLOSED;
  }

  @Override
  public ChannelRefundStatus refund(RefundPayment refund) {
    ObjectNode body =
        json.createObjectNode()
            .put("refundNo", refund.refundNo())
            .put("amount", refund.amount().toDecimal())
            .put("reason", refund.reason());
    Reply reply = call("POST", "/orders/" + refund.attemptId() + "/refunds", body);
    if (reply.status() >= 400) {
      throw new ChannelRefusal(ChannelFailure.REFUND_REJECTED, reply.describe());
    }
    return refundStatus(reply);
  }

  @Override
  public ChannelRefundStatus queryRefund(String attemptId, String refundNo) {
    Reply reply = call("GET", "/orders/" + attemptId + "/refunds/" + refundNo, null);
    if (reply.status() == 404) {
      return ChannelRefundStatus.NOT_FOUND;
    }
    if (reply.status() >= 400) {
      throw new ChannelRefusal(ChannelFailure.REFUND_REJECTED, reply.describe());
    }
    return refundStatus(reply);
  }

  /** NOT_FOUND is the 404 answer, never a status in a body. */
  private ChannelRefundStatus refundStatus(Reply reply) {
    ChannelRefundStatus status = known(ChannelRefundStatus.class, reply);
    if (status == ChannelRefundStatus.NOT_FOUND) {
      throw unknownAnswer(reply);
    }
    return status;
  }

  /**
   * The reply's status as one payonce knows. Any other (missing, misspelt, one the channel added
   * since) leaves the outcome unknown: an exception, so the call is retried, never taken for
   * success.
   */
  private <T extends Enum<T>> T known(Class<T> statuses, Reply reply) {
    String status = reply.text("status");
    for (T known : statuses.getEnumConstants()) {
      if (known.name().equals(status)) {
        return known;
      }
    }
    throw unknownAnswer(reply);
  }

  private IllegalStateException unknownAnswer(Reply reply) {
    return new IllegalStateException(
        config.name() + " answered an unknown status, outcome unknown: " + reply.describe());
  }

  @Override
  public WebhookEvent verifyWebhook(HttpHeaders headers, String rawBody) {
    String timestamp = headers.getFirst(TIMESTAMP_HEADER);
    String signature = headers.getFirst(SIGNATURE_HEADER);
    if (timestamp == null || signature == null) {
      throw new WebhookRejected(WebhookRejected.Reason.BAD_SIGNATURE, "signature headers missing");
    }
    boolean signed =
        config.webhookSecrets().stream()
            .anyMatch(secret -> WebhookSignature.matches(secret, timestamp, rawBody, signature));
    if (!signed) {
      throw new WebhookRejected(WebhookRejected.Reason.BAD_SIGNATURE, "signature does not match");
    }
    requireFresh(timestamp);
    try {
      JsonNode event = json.readTree(rawBody);
      WebhookEvent.Type type =
          switch (event.path("type").asText()) {
            case "PAYMENT_SUCCEEDED" -> WebhookEvent.Type.PAYMENT_SUCCEEDED;
            case "REFUND_SUCCEEDED" -> WebhookEvent.Type.REFUND_SUCCEEDED;
            default -> throw new IllegalArgumentException("unknown event type");
          };
      String eventId = required(event, "eventId");
      return new WebhookEvent(eventId, type, required(event, "merchantOrderNo"));
    } catch (IOException | IllegalArgumentException e) {
      throw new WebhookRejected(WebhookRejected.Reason.MALFORMED_BODY, e.getMessage());
    }
  }

  private void requireFresh(String timestamp) {
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new WebhookRejected(WebhookRejected.Reason.STALE_TIMESTAMP, "timestamp not a number");
    }
    long ageSeconds = Math.abs(config.clock().instant().getEpochSecond() - sentAt);
    if (ageSeconds > config.webhookTolerance().toSeconds()) {
      throw new WebhookRejected(
          WebhookRejected.Reason.STALE_TIMESTAMP, "timestamp is " + ageSeconds + "s off");
    }
  }

  private static String required(JsonNode event, String field) {
    String value = event.path(field).asText("");
    if (value.isBlank() || value.length() > 128) {
      throw new IllegalArgumentException(field + " missing or too long");
    }
    return value;
  }

  /**
   * A 5xx, a 429 (too many requests: the channel did not look at this one) or an I/O failure
   * (timeouts included) escapes as an exception: the outcome is unknown, so it is retried. Other
   * 4xx answers are the caller's to classify.
   */
  private Reply call(String method, String path, JsonNode body) {
    RestClient.RequestBodySpec request =
        http.method(org.springframework.http.HttpMethod.valueOf(method))
            .uri(config.baseUrl().get() + path)
            .accept(MediaType.APPLICATION_JSON);
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }
    Reply reply =
        request.exchange(
            (req, res) ->
                new Reply(
                    res.getStatusCode().value(),
                    StreamUtils.copyToString(res.getBody(), StandardCharsets.UTF_8),
                    json));
    if (reply.status() >= 500 || reply.status() == TOO_MANY_REQUESTS) {
      throw new IllegalStateException(config.name() + " answered " + reply.describe());
    }
    return reply;
  }

  private record Reply(int status, String body, ObjectMapper json) {
    String text(String field) {
      try {
        return json.readTree(body).path(field).asText(null);
      } catch (IOException e) {
        throw new IllegalStateException("channel answered unreadable JSON: " + describe(), e);
      }
    }

    String describe() {
      String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
      return "HTTP " + status + " " + shown;
    }
  }
}
