package com.payonce.sandbox.channel;

/**
 * The body of {@code PUT /settings}: every field optional, null meaning "leave as it is".
 *
 * @see ChannelSettings
 */
public record SettingsChange(Boolean closeHonored) {

  public static final SettingsChange NONE = new SettingsChange(null);
}
