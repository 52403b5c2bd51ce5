package com.payonce.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.payonce.sandbox.channel.ChannelSettings;
import com.payonce.sandbox.channel.PspSimulator;
import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.channel.SandboxException;
import com.payonce.sandbox.channel.SettingsChange;
import com.payonce.sandbox.keys.SandboxKeys;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

class SandboxAutoConfigurationTest {

  @TempDir static Path keys;

  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SandboxAutoConfiguration.class))
          .withPropertyValues("payonce.sandbox.keys-dir=" + keys);

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
  void aChannelOfAnyNameSpeaksTheProtocolItIsGiven_withKeysMadeOnceAndKept(@TempDir Path merchant) {
    runner
        .withPropertyValues(
            "payonce.sandbox.channels.alipay-hk.protocol=alipay",
            "payonce.sandbox.merchant-settings-dir=" + merchant)
        .run(
            context -> {
              SandboxChannels channels = context.getBean(SandboxChannels.class);
              assertThat(channels.all()).containsOnlyKeys("alipay-hk");
              assertThat(channels.all().get("alipay-hk").keys().merchant().getPublic())
                  .isEqualTo(SandboxKeys.loadOrCreate(keys, "alipay-hk").merchant().getPublic());
              // the merchant's side is the very key the simulator checks its requests with
              assertThat(merchant.resolve("payonce.channels.alipay-hk.private-key"))
                  .content()
                  .isEqualTo(
                      SandboxKeys.pem(
                          channels.all().get("alipay-hk").keys().merchant().getPrivate()));
            });
  }

  @Test
  void refusesAChannelOfAnUnknownProtocol() {
    runner
        .withPropertyValues("payonce.sandbox.channels.unionpay.protocol=unionpay")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void faultSettingsCanBeConfiguredPerChannelAndAreWhatAResetRestores() {
    runner
        .withPropertyValues(
            "payonce.sandbox.channels.alipay.protocol=alipay",
            "payonce.sandbox.channels.alipay.settings.webhook-drop-rate=0.25",
            "payonce.sandbox.channels.alipay.settings.close-honored=false",
            "payonce.sandbox.channels.alipay.settings.timeout-ms=1500",
            "payonce.sandbox.channels.alipay.settings.seed=7",
            "payonce.sandbox.channels.wechat.protocol=wechat")
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
                      null, null, null, null, null, null, null, null, null));
              assertThat(alipay.settings().createErrorRate()).isEqualTo(1.0);
              assertThat(alipay.resetSettings()).isEqualTo(configured);
              assertThat(context.getBean(SandboxProperties.class).toString())
                  .doesNotContain("s3cret");
            });
  }

  @Test
  void statementSettingsCanBeConfiguredPerChannel() {
    runner
        .withPropertyValues(
            "payonce.sandbox.channels.wechat.protocol=wechat",
            "payonce.sandbox.channels.wechat.settings.same-day-statements=true",
            "payonce.sandbox.channels.wechat.settings.statement-filler-lines=1000000",
            "payonce.sandbox.channels.wechat.settings.fee-basis-points=38")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ChannelSettings wechat =
                  context.getBean(SandboxChannels.class).require("wechat").settings();
              assertThat(wechat.sameDayStatements()).isTrue();
              assertThat(wechat.statementFillerLines()).isEqualTo(1_000_000);
              assertThat(wechat.feeBasisPoints()).isEqualTo(38);
            });
    runner
        .withPropertyValues(
            "payonce.sandbox.channels.wechat.protocol=wechat",
            "payonce.sandbox.channels.wechat.settings.statement-filler-lines=10000001")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  void refusesInvalidConfiguredFaultSettings() {
    runner
        .withPropertyValues(
            "payonce.sandbox.channels.alipay.protocol=alipay",
            "payonce.sandbox.channels.alipay.settings.create-error-rate=1.5")
        .run(context -> assertThat(context).hasFailed());
  }
}
