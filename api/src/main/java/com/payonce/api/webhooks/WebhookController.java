package com.payonce.api.webhooks;

import com.payonce.api.config.PayonceProperties;
import com.payonce.api.problems.ApiProblem;
import com.payonce.api.problems.Problem;
import com.payonce.channel.PaymentChannel;
import com.payonce.channel.PaymentChannels;
import com.payonce.channel.WebhookEvent;
import com.payonce.channel.WebhookRejected;
import com.payonce.ledger.WebhookInbox;
import com.payonce.ledger.WebhookInbox.Receipt;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Channel callbacks. Verify, record in the inbox, deliver: nothing else, so it answers fast. The
 * inbox row is written before delivery, so a crash between the two loses nothing: the channel
 * redelivers (the row is still undelivered) and the workflow's polling finds the payment anyway.
 */
@RestController
class WebhookController {
  private static final Logger log = LoggerFactory.getLogger(WebhookController.class);

  private final PaymentChannels channels;
  private final WebhookInbox inbox;
  private final WebhookDelivery delivery;
  private final int maxBodyBytes;

  WebhookController(
      PaymentChannels channels,
      WebhookInbox inbox,
      WebhookDelivery delivery,
      PayonceProperties properties) {
    this.channels = channels;
    this.inbox = inbox;
    this.delivery = delivery;
    this.maxBodyBytes = properties.webhooks().maxBodyBytes();
  }

  @PostMapping("/webhooks/{channel}")
  Map<String, String> receive(
      @PathVariable String channel,
      @RequestHeader HttpHeaders headers,
      HttpServletRequest request)
      throws IOException {
    PaymentChannel paymentChannel =
        channels
            .find(channel)
            .orElseThrow(() -> new ApiProblem(Problem.NOT_FOUND, "no channel " + channel));
    String body = readLimited(request);
    WebhookEvent event;
    try {
      event = paymentChannel.verifyWebhook(headers, body);
    } catch (WebhookRejected rejected) {
      log.warn("refused {} webhook: {} ({})", channel, rejected.reason(), rejected.getMessage());
      throw new ApiProblem(problemFor(rejected.reason()), rejected.getMessage());
    }
    Receipt receipt =
        inbox.receive(
            new WebhookInbox.Event(
                channel, event.eventId(), event.type().name(), event.attemptId(), body));
    if (receipt == Receipt.DELIVERED) {
      return Map.of("status", "duplicate");
    }
    delivery.deliver(channel, event);
    inbox.markDelivered(channel, event.eventId());
    return Map.of("status", "accepted");
  }

  private String readLimited(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > maxBodyBytes) {
      throw new ApiProblem(Problem.PAYLOAD_TOO_LARGE, "at most " + maxBodyBytes + " bytes");
    }
    try (InputStream in = request.getInputStream()) {
      byte[] bytes = in.readNBytes(maxBodyBytes + 1);
      if (bytes.length > maxBodyBytes) {
        throw new ApiProblem(Problem.PAYLOAD_TOO_LARGE, "at most " + maxBodyBytes + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static Problem problemFor(WebhookRejected.Reason reason) {
    return switch (reason) {
      case BAD_SIGNATURE -> Problem.INVALID_SIGNATURE;
      case STALE_TIMESTAMP -> Problem.STALE_WEBHOOK;
      case MALFORMED_BODY -> Problem.MALFORMED_WEBHOOK;
    };
  }
}
