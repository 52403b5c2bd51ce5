package com.payonce.api.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * payonce's configuration. Secrets (the API key, the channels' keys) come from the environment or a
 * config tree of files; the defaults in application.yaml are for the embedded run only.
 *
 * @param apiKey the bearer token every /api call must carry (env PAYONCE_API_KEY)
 * @param publicUrl the address channels call back; empty means this process on its own port
 * @param clientSecretKey the key each order's client secret is derived from (env
 *     PAYONCE_CLIENT_SECRET_KEY): the customer's page holds that secret, never the API key
 */
@Validated
@ConfigurationProperties("payonce")
public record PayonceProperties(
    @NotBlank String apiKey,
    String publicUrl,
    @NotBlank String clientSecretKey,
    @Valid @NotNull Orders orders,
    @Valid @NotEmpty Map<String, Channel> channels,
    @Valid @NotNull Webhooks webhooks,
    @Valid @NotNull RateLimitSettings rateLimits,
    @Valid @NotNull MerchantEvents merchantEvents) {

  /**
   * @param defaultExpiry how long an order can be paid when the checkout does not say
   * @param maxExpiry the longest expiry a checkout may ask for
   * @param eagerStart ask Temporal to hand the order workflow's first task to this process's worker
   *     in the answer to its start (eager workflow start; measured in docs/BENCHMARKS.md)
   */
  public record Orders(
      @DefaultValue("15m") Duration defaultExpiry,
      @DefaultValue("24h") Duration maxExpiry,
      @DefaultValue("15s") Duration pollInitial,
      @DefaultValue("2m") Duration pollMax,
      @DefaultValue("24h") Duration latePaymentWindow,
      @DefaultValue("false") boolean eagerStart) {}

  /**
   * One channel: which PSP it is and the credentials its console gave the merchant. With an empty
   * base URL the channel is the sandbox embedded in this process, and every credential left empty
   * is the one the sandbox made.
   *
   * @param type {@code alipay} or {@code wechat}; by default the channel's name
   * @param baseUrl Alipay's gateway ({@code https://openapi.alipay.com/gateway.do}) or WeChat Pay's
   *     API ({@code https://api.mch.weixin.qq.com}); empty means the embedded sandbox
   * @param product how the customer pays: Alipay {@code precreate} (QR code), {@code page} or
   *     {@code wap} (redirects); WeChat Pay {@code native} (QR code) or {@code h5} (redirect)
   * @param returnUrl Alipay page and wap pay: where the customer's browser goes back to
   * @param appId Alipay's app_id; WeChat Pay's appid
   * @param merchantId WeChat Pay's mchid
   * @param merchantSerialNumber WeChat Pay: the serial number of the merchant's API certificate
   * @param privateKey the merchant's RSA private key (PKCS#8, PEM or bare base64)
   * @param pspPublicKey Alipay's public key, or WeChat Pay's public key (PEM or bare base64)
   * @param pspPublicKeyId WeChat Pay: its public key's id ({@code PUB_KEY_ID_...})
   * @param apiV3Key WeChat Pay: the APIv3 key its notifications are encrypted with
   * @param refundPeriod how long after the capture the channel takes a refund of it; by default the
   *     PSP's documented rule (see {@link #refundPeriodOrRule}). Set it to the merchant contract's
   */
  public record Channel(
      String type,
      String baseUrl,
      String product,
      String returnUrl,
      String appId,
      String merchantId,
      String merchantSerialNumber,
      String privateKey,
      String pspPublicKey,
      String pspPublicKeyId,
      String apiV3Key,
      @DefaultValue("2s") Duration connectTimeout,
      @DefaultValue("5s") Duration readTimeout,
      @DurationMin(days = 1) @DurationMax(days = 3650) Duration refundPeriod) {

    /**
     * WeChat Pay: "交易时间超过一年的订单无法提交退款（按支付成功时间+365天计算）" (APIv3 退款申请,
     * pay.weixin.qq.com/doc/v3/merchant/4012556457). Alipay: the period is the merchant's contract
     * ("签约时设置的可退款时间", alipay.trade.refund), usually 12 months after the payment (Antom,
     * docs.antom.com/ac/cashier_payment/refund). Both: 365 days, unless configured.
     */
    public Duration refundPeriodOrRule() {
      return refundPeriod != null ? refundPeriod : Duration.ofDays(365);
    }

    public String typeOr(String name) {
      return type == null || type.isBlank() ? name : type;
    }

    public boolean embedded() {
      return baseUrl == null || baseUrl.isBlank();
    }

    /** Records print every component; this one must not print a key. */
    @Override
    public String toString() {
      return "Channel[type=" + type + ", baseUrl=" + baseUrl + ", product=" + product + "]";
    }
  }

  /**
   * @param tolerance how far a callback's timestamp may be from now before it counts as a replay
   * @param maxBodyBytes larger callbacks are refused unread
   * @param askChannel ask the channel's query before signalling a payment callback, so the order
   *     settles in the workflow task that receives it; turn off while workers older than workflow
   *     version {@code settle-in-one-task} still run (a rolling deploy from before it)
   * @param askChannelWithin past this the endpoint signals without the answer (the workflow asks):
   *     the channel is waiting for the webhook's reply
   */
  public record Webhooks(
      @DefaultValue("5m") Duration tolerance,
      @DefaultValue("65536") int maxBodyBytes,
      @DefaultValue("true") boolean askChannel,
      @DefaultValue("1s") Duration askChannelWithin,
      @Valid @DefaultValue Redelivery redelivery) {}

  /**
   * The sweep that delivers callbacks whose delivery failed (say, while Temporal was down).
   *
   * @param interval pause between sweeps
   * @param minAge rows younger than this are left to their own first delivery
   * @param batchSize most rows one sweep claims
   */
  public record Redelivery(
      @DefaultValue("10s") Duration interval,
      @DefaultValue("30s") Duration minAge,
      @DefaultValue("20") @Positive int batchSize) {}

  /**
   * Token buckets on checkout and pay, kept in PostgreSQL so every instance shares them. A caller
   * over a limit gets 429 {@code rate-limited} with Retry-After; nothing is changed.
   *
   * @param perCustomer each customer's checkouts and pay calls
   * @param perApiKey everything that holds the API key, together (payonce has one key)
   */
  public record RateLimitSettings(
      @DefaultValue("true") boolean enabled,
      @Valid @NotNull Limit perCustomer,
      @Valid @NotNull Limit perApiKey) {}

  /**
   * Order events told to the shop (signed webhooks) and to the customer's page (SSE).
   *
   * @param endpointUrl a webhook endpoint set by configuration (id {@code configured}), beside
   *     those registered through the API; empty for none
   * @param endpointSecret its signing secret (env PAYONCE_MERCHANT_EVENTS_ENDPOINT_SECRET)
   * @param endpointPreviousSecret during a rotation, the secret before: both sign until it is unset
   * @param retryFor how long a delivery is retried before it is given up (FAILED, replayable)
   * @param firstRetry the first pause after a failed delivery; each next one doubles, up to 30 min
   * @param previousSecretValidFor after a rotation through the API, how long the old secret signs
   * @param allowHttp whether endpoints may be plain http (https only unless set; on in a local run)
   * @param maxEndpoints how many enabled endpoints there may be (each event is sent to all)
   * @param maxStreams live SSE streams this instance holds at most (all orders together)
   * @param maxStreamsPerOrder live SSE streams one order may have open
   * @param streamTimeout a stream is closed after this; the browser's EventSource reconnects with
   *     Last-Event-ID
   * @param sweepInterval pause between sweeps for deliveries whose wake-up was lost
   * @param sweepMinAge deliveries younger than this are left to their own wake-up
   */
  public record MerchantEvents(
      String endpointUrl,
      String endpointSecret,
      String endpointPreviousSecret,
      @DefaultValue("3d") @DurationMin(seconds = 1) Duration retryFor,
      @DefaultValue("10s") @DurationMin(millis = 10) Duration firstRetry,
      @DefaultValue("24h") Duration previousSecretValidFor,
      @DefaultValue("false") boolean allowHttp,
      @DefaultValue("10") @Positive int maxEndpoints,
      @DefaultValue("2000") @Positive int maxStreams,
      @DefaultValue("5") @Positive int maxStreamsPerOrder,
      @DefaultValue("5m") Duration streamTimeout,
      @DefaultValue("30s") Duration sweepInterval,
      @DefaultValue("1m") Duration sweepMinAge) {

    /** Records print every component; this one must not print a secret. */
    @Override
    public String toString() {
      return "MerchantEvents[endpointUrl=" + endpointUrl + ", retryFor=" + retryFor + "]";
    }
  }

  /** At most {@code calls} per {@code period}, refilled continuously. */
  public record Limit(@Positive long calls, @NotNull @DurationMin(seconds = 1) Duration period) {}
}
