package com.payonce.sandbox.wechat;

import com.payonce.sandbox.keys.ChannelKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a request's {@code Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",
 * signature="…",timestamp="…",serial_no="…"}: SHA256withRSA by the merchant's key over {@code
 * METHOD\nURL\ntimestamp\nnonce\nbody\n}, where URL is the path and query the client signed.
 * Anything wrong is a 401 SIGN_ERROR, as at WeChat Pay.
 */
final class MerchantSignatureCheck {

  static final String SCHEMA = "WECHATPAY2-SHA256-RSA2048";
  private static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final Pattern PARAMETER = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final ChannelKeys keys;

  MerchantSignatureCheck(ChannelKeys keys) {
    this.keys = keys;
  }

  /**
   * @param url the path (without the simulator's prefix) and query as sent
   */
  void require(String authorization, String method, String url, byte[] body) {
    if (authorization == null || !authorization.startsWith(SCHEMA + " ")) {
      throw WechatPayError.signError("Authorization is missing or not " + SCHEMA);
    }
    Map<String, String> token = parameters(authorization.substring(SCHEMA.length() + 1));
    String mchid = required(token, "mchid");
    String nonce = required(token, "nonce_str");
    String timestamp = required(token, "timestamp");
    String serialNo = required(token, "serial_no");
    String signature = required(token, "signature");
    if (!mchid.equals(keys.merchantId())) {
      throw WechatPayError.signError("mchid " + mchid + " is not this merchant");
    }
    if (!serialNo.equalsIgnoreCase(keys.merchantSerialNo())) {
      throw WechatPayError.signError(
          "serial_no " + serialNo + " is not the merchant's certificate");
    }
    requireFresh(timestamp);
    String message =
        method
            + "\n"
            + url
            + "\n"
            + timestamp
            + "\n"
            + nonce
            + "\n"
            + new String(body, StandardCharsets.UTF_8)
            + "\n";
    if (!verifies(message, signature)) {
      throw WechatPayError.signError("signature does not match the request");
    }
  }

  private static Map<String, String> parameters(String token) {
    Map<String, String> parameters = new HashMap<>();
    Matcher matcher = PARAMETER.matcher(token);
    while (matcher.find()) {
      parameters.put(matcher.group(1), matcher.group(2));
    }
    return parameters;
  }

  private static String required(Map<String, String> token, String name) {
    String value = token.get(name);
    if (value == null || value.isEmpty()) {
      throw WechatPayError.signError("Authorization has no " + name);
    }
    return value;
  }

  private static void requireFresh(String timestamp) {
    long sentAt;
    try {
      sentAt = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      throw WechatPayError.signError("timestamp is not a number");
    }
    long offSeconds = Math.abs(Instant.now().getEpochSecond() - sentAt);
    if (offSeconds > TOLERANCE.toSeconds()) {
      throw WechatPayError.signError("timestamp is " + offSeconds + " s off");
    }
  }

  private boolean verifies(String message, String signature) {
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(keys.merchant().getPublic());
      verifier.update(message.getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getDecoder().decode(signature));
    } catch (IllegalArgumentException | java.security.SignatureException e) {
      return false; // not base64, or not an RSA signature of the right length
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot verify with the merchant key", e);
    }
  }
}
