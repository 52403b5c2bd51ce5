package com.payonce.sandbox;

import com.payonce.sandbox.channel.SandboxException;
import tools.jackson.core.JacksonException;
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
}
