package com.payonce.api.webhooks;

import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.channel.WebhookIgnored;
import com.payonce.activities.channel.WebhookRejected;
import com.payonce.activities.ledger.WebhookInbox;
import com.payonce.activities.ledger.WebhookInbox.Receipt;
import com.payonce.api.config.PayonceProperties;
import com.payonce.api.logging.LogContext;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.workflows.order.BusinessMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Channel callbacks. Verify, record in the inbox, deliver: nothing else, so it answers fast. The
 * inbox row is written before delivery, so a crash or a failed delivery between the two loses
 * nothing: the row stays undelivered, and {@link UndeliveredWebhookSweeper} (or the channel's own
 * re-send) delivers it.
 */
@RestController
class WebhookController {
  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

  private final PaymentChannels channels;
  private final WebhookInbox inbox;
  private final WebhookDelivery delivery;
  private final MeterRegistry meters;
  private final int maxBodyBytes;

  WebhookController(
      PaymentChannels channels,
      WebhookInbox inbox,
      WebhookDelivery delivery,
      MeterRegistry meters,
      PayonceProperties properties) {
    this.channels = channels;
    this.inbox = inbox;
    this.delivery = delivery;
    this.meters = meters;
    this.maxBodyBytes = properties.webhooks().maxBodyBytes();
  }

  /**
   * The body is the channel's own notification (Alipay's form, WeChat Pay's JSON), read raw: its
   * signature covers the exact bytes. Taken (a duplicate included), it answers what the channel
   * expects as "received"; refused, a problem, which the channel takes as "send it again".
   */
  @PostMapping("/webhooks/{channel}")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      description =
          "the channel's signed notification, as it sent it (its signature is its own): Alipay's"
              + " form, WeChat Pay's JSON",
      content = {
        @Content(
            mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(type = "object")),
        @Content(mediaType = "application/json", schema = @Schema(type = "object"))
      })
  ResponseEntity<String> receive(
      @PathVariable String channel,
      @Parameter(hidden = true) @RequestHeader HttpHeaders headers,
      HttpServletRequest request)
      throws IOException {
    PaymentChannel paymentChannel =
        channels
            .find(channel)
            .orElseThrow(() -> refuse("unknown", Problem.NOT_FOUND, "no channel " + channel));
    String body = readLimited(request, channel);
    WebhookEvent event;
    try {
      event = paymentChannel.verifyWebhook(headers, body);
    } catch (WebhookRejected rejected) {
      throw refuse(channel, problemFor(rejected.reason()), rejected.getMessage());
    } catch (WebhookIgnored ignored) {
      log.info("{} webhook ignored: {}", channel, ignored.getMessage());
      count(channel, "ignored");
      return paymentChannel.acknowledgement();
    }
    // the attempt id is the channel's, signed: every line logged from here on carries it
    try (LogContext ignored =
        LogContext.of(
            event.attemptId() == null
                ? Map.of()
                : Map.of(LogContext.ATTEMPT_ID, event.attemptId()))) {
      accept(channel, event, body);
      return paymentChannel.acknowledgement();
    }
  }

  private void accept(String channel, WebhookEvent event, String body) {
    Receipt receipt =
        inbox.receive(
            new WebhookInbox.Event(
                channel, event.eventId(), event.type().name(), event.attemptId(), body));
    if (receipt == Receipt.DELIVERED) {
      count(channel, "duplicate");
      return;
    }
    delivery.deliver(channel, event);
    inbox.markDelivered(channel, event.eventId());
    log.info("{} webhook {} accepted: {}", channel, event.eventId(), event.type());
    count(channel, "accepted");
  }

  private String readLimited(HttpServletRequest request, String channel) throws IOException {
    String tooLarge = "at most " + maxBodyBytes + " bytes";
    if (request.getContentLengthLong() > maxBodyBytes) {
      throw refuse(channel, Problem.PAYLOAD_TOO_LARGE, tooLarge);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(maxBodyBytes + 1);
      if (bytes.length > maxBodyBytes) {
        throw refuse(channel, Problem.PAYLOAD_TOO_LARGE, tooLarge);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Every refusal is logged with its reason and counted; neither shows a secret or the body. */
  private ApiProblem refuse(String channel, Problem problem, String why) {
    log.warn("refused {} webhook: {} ({})", channel, problem, why);
    count(channel, problem.name().toLowerCase());
    return new ApiProblem(problem, why);
  }

  private void count(String channel, String outcome) {
    meters.counter(BusinessMeters.WEBHOOKS, "channel", channel, "outcome", outcome).increment();
  }

  private static Problem problemFor(WebhookRejected.Reason reason) {
    return switch (reason) {
      case BAD_SIGNATURE -> Problem.INVALID_SIGNATURE;
      case STALE_TIMESTAMP -> Problem.STALE_WEBHOOK;
      case MALFORMED_BODY -> Problem.MALFORMED_WEBHOOK;
    };
  }
}
