package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.SandboxChannel;
import com.payonce.sandbox.channel.SandboxChannels;
import com.payonce.sandbox.channel.SettingsChange;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/** A channel's fault settings: read, change some, or reset all to defaults. */
final class SettingsHandler {

  private final SandboxChannels channels;

  SettingsHandler(SandboxChannels channels) {
    this.channels = channels;
  }

  ServerResponse get(ServerRequest request) {
    return JsonExchange.ok(SandboxRoutes.channel(channels, request).settings());
  }

  /** Fields present in the body change; absent ones keep their current value. */
  ServerResponse put(ServerRequest request) {
    SandboxChannel channel = SandboxRoutes.channel(channels, request);
    SettingsChange change =
        JsonExchange.optionalBody(request, SettingsChange.class, SettingsChange.NONE);
    return JsonExchange.ok(channel.changeSettings(change));
  }

  ServerResponse reset(ServerRequest request) {
    return JsonExchange.ok(SandboxRoutes.channel(channels, request).resetSettings());
  }
}
