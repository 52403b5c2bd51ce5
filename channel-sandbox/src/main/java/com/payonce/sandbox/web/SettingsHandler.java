package com.payonce.sandbox.web;

import com.payonce.sandbox.channel.PspSimulator;
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

  /**
   * Fields present in the body change; absent ones keep their current value. The merged result is
   * validated as a whole (400, nothing changed); an unknown field is refused too. Every change
   * reseeds the channel's random source.
   */
  ServerResponse put(ServerRequest request) {
    PspSimulator channel = SandboxRoutes.channel(channels, request);
    SettingsChange change =
        JsonExchange.optionalStrictBody(request, SettingsChange.class, SettingsChange.NONE);
    return JsonExchange.ok(channel.changeSettings(change));
  }

  /** Back to the configured defaults (the built-in ones unless configured); reseeds too. */
  ServerResponse reset(ServerRequest request) {
    return JsonExchange.ok(SandboxRoutes.channel(channels, request).resetSettings());
  }
}
