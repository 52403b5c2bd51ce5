package com.payonce.api.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The settings each kind of channel cannot work without. A channel missing one refuses to start,
 * naming it: a half-configured channel would fail only at the first customer's payment.
 */
final class ChannelRequirements {
  static final String ALIPAY = "alipay";
  static final String WECHAT = "wechat";

  private static final Map<String, List<String>> REQUIRED =
      Map.of(
          ALIPAY,
          List.of("app-id", "private-key", "psp-public-key"),
          WECHAT,
          List.of(
              "app-id",
              "merchant-id",
              "merchant-serial-number",
              "private-key",
              "psp-public-key",
              "psp-public-key-id",
              "api-v3-key"));

  private ChannelRequirements() {}

  /**
   * What is wrong with one channel's settings, as sentences naming each setting and its environment
   * variable; empty when it can start. The embedded sandbox makes every credential.
   */
  static List<String> problems(String name, PayonceProperties.Channel channel) {
    List<String> problems = new ArrayList<>();
    String type = channel.typeOr(name);
    List<String> required = REQUIRED.get(type);
    if (required == null) {
      problems.add(
          "%s (%s) is %s: it must be one of %s"
              .formatted(env(name, "type"), property(name, "type"), type, REQUIRED.keySet()));
      return problems;
    }
    if (channel.embedded()) {
      return problems;
    }
    Map<String, String> values = values(channel);
    for (String setting : required) {
      String value = values.get(setting);
      if (value == null || value.isBlank()) {
        problems.add(
            "%s (%s) is not set: a %s channel with its own base URL needs it"
                .formatted(env(name, setting), property(name, setting), type));
      }
    }
    return problems;
  }

  private static Map<String, String> values(PayonceProperties.Channel channel) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("app-id", channel.appId());
    values.put("merchant-id", channel.merchantId());
    values.put("merchant-serial-number", channel.merchantSerialNumber());
    values.put("private-key", channel.privateKey());
    values.put("psp-public-key", channel.pspPublicKey());
    values.put("psp-public-key-id", channel.pspPublicKeyId());
    values.put("api-v3-key", channel.apiV3Key());
    return values;
  }

  static String property(String name, String setting) {
    return "payonce.channels." + name + "." + setting;
  }

  static String env(String name, String setting) {
    return ("PAYONCE_CHANNELS_" + name + "_" + setting).replace('-', '_').toUpperCase(Locale.ROOT);
  }
}
