package com.payonce.activities.channel.alipay;

import com.alipay.api.AlipayApiException;
import com.alipay.api.AlipayClient;
import com.alipay.api.AlipayConfig;
import com.alipay.api.AlipayRequest;
import com.alipay.api.AlipayResponse;
import com.alipay.api.DefaultAlipayClient;
import com.alipay.api.internal.util.AlipayLogger;
import java.time.Duration;

/**
 * Calls Alipay through one SDK client per gateway URL, made on first use: the URL is read at call
 * time (the embedded simulator's port is known only once it runs) and a client is rebuilt only when
 * it changes.
 */
final class AlipayClients {

  private final AlipaySettings settings;
  private volatile Built current;

  AlipayClients(AlipaySettings settings) {
    this.settings = settings;
    // the SDK logs every non-10000 answer whole at ERROR (buyer details included); payonce logs
    // its own summary of each
    AlipayLogger.setNeedEnableLogger(false);
  }

  /**
   * No answer, an unreadable one, or one whose signature fails or is missing: the outcome is
   * unknown. The SDK checks a signature only where there is one on an error answer, so an unsigned
   * error (which Alipay never sends) is refused here rather than believed.
   */
  <T extends AlipayResponse> T execute(AlipayRequest<T> request) {
    T response;
    try {
      response = client().execute(request);
    } catch (AlipayApiException e) {
      throw new IllegalStateException(
          settings.name() + " " + request.getApiMethodName() + " failed: " + e.getErrMsg(), e);
    }
    if (!AlipayAnswers.signed(request, response)) {
      throw new IllegalStateException(
          settings.name()
              + " answered "
              + request.getApiMethodName()
              + " unsigned; outcome unknown");
    }
    return response;
  }

  AlipayClient client() {
    String url = settings.gatewayUrl().get();
    Built built = current;
    if (built == null || !built.url().equals(url)) {
      built = new Built(url, build(url));
      current = built;
    }
    return built.client();
  }

  private AlipayClient build(String url) {
    AlipayConfig config = new AlipayConfig();
    config.setServerUrl(url);
    config.setAppId(settings.appId());
    config.setPrivateKey(bareBase64(settings.privateKey()));
    config.setAlipayPublicKey(bareBase64(settings.alipayPublicKey()));
    config.setFormat("json");
    config.setCharset("UTF-8");
    config.setSignType("RSA2");
    config.setConnectTimeout(millis(settings.connectTimeout()));
    config.setReadTimeout(millis(settings.readTimeout()));
    try {
      return new DefaultAlipayClient(config);
    } catch (AlipayApiException e) {
      throw new IllegalStateException("cannot configure Alipay channel " + settings.name(), e);
    }
  }

  /** The SDK takes keys as bare base64; settings may hold PEM. */
  static String bareBase64(String pemOrBase64) {
    return pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  private record Built(String url, AlipayClient client) {}
}
