package com.payonce.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.sandbox.channel.ChannelSettings;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.channel.SandboxException;
import com.payonce.sandbox.channel.SettingsChange;
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
          assertThatThrownBy(() -> channels.require("alipay")).isInstanceOf(SandboxException.class);
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

  @Test
  void faultSettingsCanBeConfiguredPerChannelAndAreWhatAResetRestores() {
    runner
        .withPropertyValues(
            "payonce.sandbox.channels.alipay.webhook-secret=s3cret",
            "payonce.sandbox.channels.alipay.settings.webhook-drop-rate=0.25",
            "payonce.sandbox.channels.alipay.settings.close-honored=false",
            "payonce.sandbox.channels.alipay.settings.timeout-ms=1500",
            "payonce.sandbox.channels.alipay.settings.seed=7",
            "payonce.sandbox.channels.wechat.webhook-secret=other")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SandboxChannels channels = context.getBean(SandboxChannels.class);
              PspSimulator alipay = channels.require("alipay");
              ChannelSettings configured = alipay.settings();
              assertThat(configured.webhookDropRate()).isEqualTo(0.25);
              assertThat(configured.closeHonored()).isFalse();
              assertThat(configured.timeoutMs()).isEqualTo(1500);
              assertThat(configured.seed()).isEqualTo(7);
              assertThat(configured.refundDelayMs())
                  .isEqualTo(ChannelSettings.DEFAULTS.refundDelayMs());
              assertThat(channels.require("wechat").settings()).isEqualTo(ChannelSettings.DEFAULTS);

              alipay.changeSettings(
                  new SettingsChange(
                      true, null, null, 1.0, null, null, null, null, null, null, null, null, null,
                      null, null, null, null, null, null));
              assertThat(alipay.settings().createErrorRate()).isEqualTo(1.0);
              assertThat(alipay.resetSettings()).isEqualTo(configured);
              assertThat(context.getBean(SandboxProperties.class).toString())
                  .doesNotContain("s3cret");
            });
  }

  @Test
  void refusesInvalidConfiguredFaultSettings() {
    runner
        .withPropertyValues(
            "payonce.sandbox.channels.alipay.webhook-secret=s3cret",
            "payonce.sandbox.channels.alipay.settings.create-error-rate=1.5")
        .run(context -> assertThat(context).hasFailed());
  }
}
