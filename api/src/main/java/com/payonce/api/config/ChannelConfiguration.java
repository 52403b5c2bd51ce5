package com.payonce.api.config;

import com.payonce.activities.channel.ChannelActivitiesImpl;
import com.payonce.activities.channel.PaymentChannel;
import com.payonce.activities.channel.PaymentChannels;
import com.payonce.activities.channel.sandbox.SandboxChannel;
import com.payonce.activities.channel.sandbox.SandboxChannelConfig;
import com.payonce.activities.ledger.AttemptsTable;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The payment channels payonce talks to, and the channel activities the worker runs. */
@Configuration(proxyBeanMethods = false)
class ChannelConfiguration {

  @Bean
  PaymentChannels paymentChannels(PayonceProperties properties, Environment environment) {
    Supplier<String> ownUrl = () -> ownUrl(properties, environment);
    List<PaymentChannel> channels =
        properties.channels().entrySet().stream()
            .map(
                entry -> {
                  String name = entry.getKey();
                  PayonceProperties.Channel channel = entry.getValue();
                  Supplier<String> baseUrl =
                      hasText(channel.baseUrl())
                          ? channel::baseUrl
                          : () -> ownUrl.get() + "/sandbox/" + name + "/v1";
                  return (PaymentChannel)
                      new SandboxChannel(
                          new SandboxChannelConfig(
                              name,
                              baseUrl,
                              () -> ownUrl.get() + "/webhooks/" + name,
                              channel.webhookSecrets(),
                              channel.connectTimeout(),
                              channel.readTimeout(),
                              properties.webhooks().tolerance(),
                              Clock.systemUTC()));
                })
            .toList();
    return new PaymentChannels(channels);
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

  private static boolean hasText(String value) {
    return value != null && !value.isBlank();
  }
}
