package com.payonce.sandbox;

import com.payonce.sandbox.alipay.AlipayProtocol;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.keys.ChannelKeys;
import com.payonce.sandbox.keys.MerchantSettings;
import com.payonce.sandbox.keys.SandboxKeys;
import com.payonce.sandbox.protocol.ChannelProtocol;
import com.payonce.sandbox.web.SandboxRoutes;
import com.payonce.sandbox.webhook.WebhookDispatcher;
import com.payonce.sandbox.wechat.WechatPayProtocol;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the simulated channels in whatever servlet app has this jar, unless {@code
 * payonce.sandbox.enabled=false}: each PSP's own API under {@code /sandbox/{channel}} and the
 * control API under {@code /sandbox/{channel}/v1}.
 *
 * <p>Everything is a {@code @Bean} here and nothing in this module is a {@code @Component} or
 * {@code @Controller}: an app that component-scans {@code com.payonce} must neither register the
 * sandbox twice nor bypass the enabled switch. That is why the HTTP side is a {@link
 * RouterFunction} rather than annotated controllers.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "payonce.sandbox", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxAutoConfiguration {

  /**
   * The protocols the simulator speaks, by the name {@code payonce.sandbox.channels.*.protocol}
   * uses.
   */
  public static final Map<String, ChannelProtocol> PROTOCOLS =
      Map.of("alipay", new AlipayProtocol(), "wechat", new WechatPayProtocol());

  @Bean(destroyMethod = "close")
  WebhookDispatcher sandboxWebhookDispatcher(SandboxProperties properties) {
    return new WebhookDispatcher(
        properties.webhookMaxAttempts(), properties.webhookInitialBackoff());
  }

  @Bean(destroyMethod = "close")
  SandboxChannels sandboxChannels(SandboxProperties properties, WebhookDispatcher webhooks) {
    ScheduledExecutorService timers = SandboxChannels.newTimers();
    Map<String, SandboxChannels.Configured> channels = new LinkedHashMap<>();
    properties
        .channels()
        .forEach(
            (name, channel) -> {
              String protocolName = channel.protocolOr(name);
              ChannelProtocol protocol = PROTOCOLS.get(protocolName);
              if (protocol == null) {
                throw new IllegalArgumentException(
                    "payonce.sandbox.channels."
                        + name
                        + ".protocol: "
                        + protocolName
                        + " is not one of "
                        + PROTOCOLS.keySet());
              }
              ChannelKeys keys = SandboxKeys.loadOrCreate(Path.of(properties.keysDir()), name);
              if (properties.merchantSettingsDir() != null
                  && !properties.merchantSettingsDir().isBlank()) {
                MerchantSettings.write(Path.of(properties.merchantSettingsDir()), name, keys);
              }
              PspSimulator simulator =
                  new PspSimulator(
                      name,
                      protocol.notifications(keys),
                      channel.defaultSettings(),
                      webhooks,
                      timers,
                      properties.webhookReorderMaxHold(),
                      Clock.systemUTC());
              channels.put(name, new SandboxChannels.Configured(simulator, protocol, keys));
            });
    return new SandboxChannels(channels, timers);
  }

  @Bean
  RouterFunction<ServerResponse> sandboxRoutes(SandboxChannels channels) {
    RouterFunction<ServerResponse> routes = SandboxRoutes.routes(channels);
    for (Map.Entry<String, SandboxChannels.Configured> entry : channels.all().entrySet()) {
      SandboxChannels.Configured channel = entry.getValue();
      routes =
          routes.and(
              channel
                  .protocol()
                  .routes("/sandbox/" + entry.getKey(), channel.simulator(), channel.keys()));
    }
    return routes;
  }
}
