package com.payonce.sandbox;

import com.payonce.sandbox.channel.SandboxException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's own Jackson 3 mapper, used for every body it reads or writes and every webhook it
 * signs. It is private on purpose: the wire protocol must not change when the host app customizes
 * its Jackson (naming strategy, null handling, date format).
 */
public final class SandboxJson {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private SandboxJson() {}

  public static byte[] write(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** Reads a request body; malformed JSON or wrong types are the client's fault (400). */
  public static <T> T read(byte[] body, Class<T> type) {
    try {
      return MAPPER.readValue(body, type);
    } catch (JacksonException e) {
      throw SandboxException.invalid("malformed JSON body: " + e.getOriginalMessage());
    }
  }

  /**
   * Like {@link #read}, but an unknown field or a fraction for a whole number is refused (400)
   * rather than ignored or truncated: a misspelt fault setting must not pass silently.
   */
  public static <T> T readStrict(byte[] body, Class<T> type) {
    try {
      return MAPPER
          .readerFor(type)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .readValue(body);
    } catch (JacksonException e) {
      throw SandboxException.invalid("malformed JSON body: " + e.getOriginalMessage());
    }
  }
}
