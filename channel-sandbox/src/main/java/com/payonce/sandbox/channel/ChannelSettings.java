package com.payonce.sandbox.channel;

/**
 * The faults a channel is told to simulate, as set through {@code /settings}.
 *
 * <p>To add a fault: add a component here with its default in {@link #DEFAULTS}, the same
 * component (boxed, nullable) in {@link SettingsChange}, and one line in {@link #with}.
 *
 * @param closeHonored false: close answers CLOSED but the order stays payable
 */
public record ChannelSettings(boolean closeHonored) {

  public static final ChannelSettings DEFAULTS = new ChannelSettings(true);

  /** These settings with whatever the change sets; what it leaves null stays as it is. */
  public ChannelSettings with(SettingsChange change) {
    return new ChannelSettings(
        change.closeHonored() != null ? change.closeHonored() : closeHonored);
  }
}
