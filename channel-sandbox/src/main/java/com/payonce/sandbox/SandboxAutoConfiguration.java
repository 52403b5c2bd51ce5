package com.payonce.sandbox;

import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.web.SandboxRoutes;
import com.payonce.sandbox.webhook.WebhookDispatcher;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Serves the simulated channels under {@code /sandbox/{channel}/v1} in whatever servlet app has
 * this jar, unless {@code payonce.sandbox.enabled=false}.
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

  @Bean(destroyMethod = "close")
  WebhookDispatcher sandboxWebhookDispatcher(SandboxProperties properties) {
    return new WebhookDispatcher(
        properties.webhookMaxAttempts(), properties.webhookInitialBackoff(), Clock.systemUTC());
  }

  @Bean(destroyMethod = "close")
  SandboxChannels sandboxChannels(SandboxProperties properties, WebhookDispatcher webhooks) {
    return SandboxChannels.from(properties, webhooks, Clock.systemUTC());
  }

  @Bean
  RouterFunction<ServerResponse> sandboxRoutes(SandboxChannels channels) {
    return SandboxRoutes.routes(channels);
  }
}
