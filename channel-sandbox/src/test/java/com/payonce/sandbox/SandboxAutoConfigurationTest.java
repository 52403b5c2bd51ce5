package com.payonce.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.channel.SandboxException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class SandboxAutoConfigurationTest {

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SandboxAutoConfiguration.class));

  @Test
  void servesNoChannelUntilOneIsConfigured() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed().hasSingleBean(SandboxChannels.class);
          SandboxChannels channels = context.getBean(SandboxChannels.class);
          assertThatThrownBy(() -> channels.require("alipay"))
              .isInstanceOf(SandboxException.class);
        });
  }

  @Test
  void isAbsentWhenDisabled() {
    runner
        .withPropertyValues("payonce.sandbox.enabled=false")
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SandboxChannels.class));
  }

  @Test
  void configuredChannelsReplaceTheDefaults() {
    runner
        .withPropertyValues("payonce.sandbox.channels.unionpay.webhook-secret=s3cret")
        .run(
            context -> {
              SandboxProperties properties = context.getBean(SandboxProperties.class);
              assertThat(properties.channels()).containsOnlyKeys("unionpay");
              assertThat(properties.toString()).doesNotContain("s3cret");
            });
  }

  @Test
  void refusesAChannelWithoutSecret() {
    runner
        .withPropertyValues("payonce.sandbox.channels.alipay.webhook-secret=")
        .run(context -> assertThat(context).hasFailed());
  }
}
