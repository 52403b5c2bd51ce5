package com.payonce.api.config;

import com.payonce.activities.channel.ChannelActivitiesImpl;
import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.channel.alipay.AlipayChannel;
import com.payonce.activities.channel.alipay.AlipaySettings;
import com.payonce.activities.channel.wechat.WechatPayChannel;
import com.payonce.activities.channel.wechat.WechatPaySettings;
import com.payonce.activities.ledger.AttemptsTable;
import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.keys.MerchantSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The payment channels payonce talks to, each on its PSP's official SDK, and the channel activities
 * the worker runs. A channel without a base URL is the sandbox embedded in this process, and takes
 * every credential it was not given from the keys the sandbox made.
 */
@Configuration(proxyBeanMethods = false)
class ChannelConfiguration {

  @Bean
  PaymentChannels paymentChannels(
      PayonceProperties properties,
      Environment environment,
      ObjectProvider<SandboxChannels> sandbox) {
    Supplier<String> ownUrl = () -> ownUrl(properties, environment);
    List<PaymentChannel> channels =
        properties.channels().entrySet().stream()
            .map(
                entry -> {
                  String name = entry.getKey();
                  PayonceProperties.Channel channel = entry.getValue();
                  Map<String, String> made =
                      channel.embedded()
                          ? MerchantSettings.of(sandbox.getObject().all().get(name).keys())
                          : Map.of();
                  Supplier<String> notifyUrl = () -> ownUrl.get() + "/webhooks/" + name;
                  return channel.typeOr(name).equals(ChannelRequirements.WECHAT)
                      ? wechat(
                          name, channel, made, ownUrl, notifyUrl, properties.webhooks().tolerance())
                      : alipay(name, channel, made, ownUrl, notifyUrl);
                })
            .toList();
    return new PaymentChannels(channels);
  }

  private static PaymentChannel alipay(
      String name,
      PayonceProperties.Channel channel,
      Map<String, String> made,
      Supplier<String> ownUrl,
      Supplier<String> notifyUrl) {
    Supplier<String> gateway =
        channel.embedded()
            ? () -> ownUrl.get() + "/sandbox/" + name + "/gateway.do"
            : channel::baseUrl;
    return new AlipayChannel(
        new AlipaySettings(
            name,
            gateway,
            or(channel.appId(), made.get("app-id")),
            or(channel.privateKey(), made.get("private-key")),
            or(channel.pspPublicKey(), made.get("psp-public-key")),
            or(channel.product(), "precreate"),
            channel.returnUrl(),
            notifyUrl,
            channel.connectTimeout(),
            channel.readTimeout()));
  }

  private static PaymentChannel wechat(
      String name,
      PayonceProperties.Channel channel,
      Map<String, String> made,
      Supplier<String> ownUrl,
      Supplier<String> notifyUrl,
      Duration webhookTolerance) {
    Supplier<String> base =
        channel.embedded() ? () -> ownUrl.get() + "/sandbox/" + name : channel::baseUrl;
    return new WechatPayChannel(
        new WechatPaySettings(
            name,
            base,
            or(channel.appId(), made.get("app-id")),
            or(channel.merchantId(), made.get("merchant-id")),
            or(channel.merchantSerialNumber(), made.get("merchant-serial-number")),
            or(channel.privateKey(), made.get("private-key")),
            or(channel.pspPublicKey(), made.get("psp-public-key")),
            or(channel.pspPublicKeyId(), made.get("psp-public-key-id")),
            or(channel.apiV3Key(), made.get("api-v3-key")),
            or(channel.product(), "native"),
            notifyUrl,
            channel.connectTimeout(),
            channel.readTimeout(),
            webhookTolerance));
  }

  @Bean
  ChannelActivitiesImpl channelActivities(PaymentChannels channels, AttemptsTable attempts) {
    return new ChannelActivitiesImpl(channels, attempts::claim);
  }

  /** Resolved at call time: with server.port=0 the port is only known once the server runs. */
  private static String ownUrl(PayonceProperties properties, Environment environment) {
    if (hasText(properties.publicUrl())) {
      return properties.publicUrl().replaceAll("/+$", "");
    }
    return "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
  }

  private static String or(String value, String otherwise) {
    return hasText(value) ? value : otherwise;
  }

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
