package com.payonce.sandbox.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The merchant's side of a channel as payonce's settings ({@code payonce.channels.<name>.*}): what
 * a merchant copies from a real PSP's console, here handed over by the simulator that made it.
 */
public final class MerchantSettings {

  private MerchantSettings() {}

  /** Setting name (after {@code payonce.channels.<name>.}) to value. */
  public static Map<String, String> of(ChannelKeys keys) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("app-id", keys.appId());
    settings.put("merchant-id", keys.merchantId());
    settings.put("merchant-serial-number", keys.merchantSerialNo());
    settings.put("private-key", SandboxKeys.pem(keys.merchant().getPrivate()));
    settings.put("psp-public-key", SandboxKeys.pem(keys.platform().getPublic()));
    settings.put("psp-public-key-id", keys.platformKeyId());
    settings.put("api-v3-key", keys.apiV3Key());
    return settings;
  }

  /**
   * Writes them as a Spring config tree: one file per setting, named by its full property name, so
   * {@code spring.config.import=configtree:<folder>/} gives payonce the channel.
   */
  public static void write(Path folder, String channel, ChannelKeys keys) {
    try {
      Files.createDirectories(folder);
      for (Map.Entry<String, String> setting : of(keys).entrySet()) {
        SandboxKeys.write(
            folder.resolve("payonce.channels." + channel + "." + setting.getKey()),
            setting.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the merchant settings under " + folder, e);
    }
  }
}
