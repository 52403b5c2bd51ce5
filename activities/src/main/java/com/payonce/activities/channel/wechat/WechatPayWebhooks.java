package com.payonce.activities.channel.wechat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.payonce.activities.channel.WebhookEvent;
import com.payonce.activities.channel.WebhookRejected;
import com.payonce.activities.channel.WebhookRejected.Reason;
import com.wechat.pay.java.core.exception.DecryptionException;
import com.wechat.pay.java.core.exception.MalformedMessageException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RequestParam;
import java.time.Clock;
import java.time.Duration;
import org.springframework.http.HttpHeaders;

/**
 * Checks a WeChat Pay notification with the SDK's {@link NotificationParser} (signature by the
 * platform public key, then AES-GCM decryption with the APIv3 key) and reads what payonce needs:
 * the notification id and the out_trade_no of the decrypted resource. The SDK does not look at the
 * timestamp; a notification signed further from now than the tolerance (payonce.webhooks.tolerance,
 * 5 minutes as WeChat Pay advises) is refused as stale.
 */
final class WechatPayWebhooks {

  private static final int MAX_ID = 128;

  private final NotificationParser parser;
  private final Duration tolerance;
  private final Clock clock;

  WechatPayWebhooks(NotificationParser parser, Duration tolerance, Clock clock) {
    this.parser = parser;
    this.tolerance = tolerance;
    this.clock = clock;
  }

  WebhookEvent verify(HttpHeaders headers, String rawBody) {
    String serial = headers.getFirst("Wechatpay-Serial");
    String signature = headers.getFirst("Wechatpay-Signature");
    String timestamp = headers.getFirst("Wechatpay-Timestamp");
    String nonce = headers.getFirst("Wechatpay-Nonce");
    if (serial == null || signature == null || timestamp == null || nonce == null) {
      throw new WebhookRejected(Reason.BAD_SIGNATURE, "Wechatpay signature headers missing");
    }
    RequestParam request =
        new RequestParam.Builder()
            .serialNumber(serial)
            .signature(signature)
            .timestamp(timestamp)
            .nonce(nonce)
            .signType(headers.getFirst("Wechatpay-Signature-Type"))
            .body(rawBody == null ? "" : rawBody)
            .build();
    JsonObject resource = decrypt(request);
    requireFresh(timestamp);
    JsonObject notification = object(rawBody);
    WebhookEvent.Type type =
        switch (text(notification, "event_type")) {
          case "TRANSACTION.SUCCESS" -> WebhookEvent.Type.PAYMENT_SUCCEEDED;
          // payonce queries the refund whatever the notification says of it
          case "REFUND.SUCCESS", "REFUND.ABNORMAL", "REFUND.CLOSED" ->
              WebhookEvent.Type.REFUND_SUCCEEDED;
          default ->
              throw new WebhookRejected(Reason.MALFORMED_BODY, "event_type payonce does not know");
        };
    return new WebhookEvent(text(notification, "id"), type, text(resource, "out_trade_no"));
  }

  private JsonObject decrypt(RequestParam request) {
    try {
      return parser.parse(request, JsonObject.class);
    } catch (ValidationException e) {
      throw new WebhookRejected(Reason.BAD_SIGNATURE, "signature does not verify");
    } catch (DecryptionException e) {
      // the tag of AES-GCM authenticates the resource: a resource that does not decrypt is forged
      throw new WebhookRejected(Reason.BAD_SIGNATURE, "resource does not decrypt");
    } catch (IllegalArgumentException e) {
      // the verifier's base64 decoding of the signature header
      throw new WebhookRejected(Reason.BAD_SIGNATURE, "signature is not base64");
    } catch (MalformedMessageException | JsonParseException | NullPointerException e) {
      throw new WebhookRejected(Reason.MALFORMED_BODY, "not a WeChat Pay notification");
    }
  }

  private void requireFresh(String timestamp) {
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw new WebhookRejected(Reason.STALE_TIMESTAMP, "Wechatpay-Timestamp is not a number");
    }
    long offSeconds = Math.abs(clock.instant().getEpochSecond() - sentAt);
    if (offSeconds > tolerance.toSeconds()) {
      throw new WebhookRejected(
          Reason.STALE_TIMESTAMP, "Wechatpay-Timestamp is " + offSeconds + " s off");
    }
  }

  private static JsonObject object(String rawBody) {
    try {
      return JsonParser.parseString(rawBody).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new WebhookRejected(Reason.MALFORMED_BODY, "body is not a JSON object");
    }
  }

  private static String text(JsonObject object, String field) {
    JsonElement value = object == null ? null : object.get(field);
    String text = value != null && value.isJsonPrimitive() ? value.getAsString() : "";
    if (text.isBlank() || text.length() > MAX_ID) {
      throw new WebhookRejected(Reason.MALFORMED_BODY, field + " missing or too long");
    }
    return text;
  }
}
