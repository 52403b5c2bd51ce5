package com.payonce.sandbox.web;

import com.payonce.sandbox.SandboxJson;
import com.payonce.sandbox.channel.SandboxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Reads and writes JSON bodies with {@link SandboxJson}, bypassing the host app's message
 * converters so that the app's Jackson settings cannot change the wire format.
 */
final class JsonExchange {

  private JsonExchange() {}

  static <T> T requiredBody(ServerRequest request, Class<T> type) {
    byte[] body = rawBody(request);
    if (isBlank(body)) {
      throw SandboxException.invalid("a JSON body is required");
    }
    return notNull(SandboxJson.read(body, type));
  }

  static <T> T optionalBody(ServerRequest request, Class<T> type, T whenAbsent) {
    byte[] body = rawBody(request);
    return isBlank(body) ? whenAbsent : notNull(SandboxJson.read(body, type));
  }

  /** An optional body read with {@link SandboxJson#readStrict}: unknown fields are refused. */
  static <T> T optionalStrictBody(ServerRequest request, Class<T> type, T whenAbsent) {
    byte[] body = rawBody(request);
    return isBlank(body) ? whenAbsent : notNull(SandboxJson.readStrict(body, type));
  }

  static ServerResponse ok(Object body) {
    return respond(200, body);
  }

  static ServerResponse respond(int status, Object body) {
    byte[] bytes = SandboxJson.write(body);
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .build(
            (servletRequest, servletResponse) -> {
              servletResponse.setContentLength(bytes.length);
              servletResponse.getOutputStream().write(bytes);
              return null;
            });
  }

  /**
   * A body sent as anything but JSON is refused rather than half-read: for a form content type the
   * servlet container may already have consumed the body as parameters (curl's {@code -d} default),
   * which would otherwise look like an empty body and silently change nothing.
   */
  private static byte[] rawBody(ServerRequest request) {
    requireJsonOrNoContentType(request);
    try {
      return request.servletRequest().getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the request body", e);
    }
  }

  private static void requireJsonOrNoContentType(ServerRequest request) {
    String contentType = request.servletRequest().getContentType();
    if (contentType == null) {
      return;
    }
    MediaType type;
    try {
      type = MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      throw SandboxException.invalid("Content-Type is not a media type: " + contentType);
    }
    if (!type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.getSubtype().endsWith("+json")) {
      throw SandboxException.invalid("Content-Type must be application/json, not " + contentType);
    }
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /** A body of JSON {@code null} reads as null; it is no more an object than an empty one. */
  private static <T> T notNull(T value) {
    if (value == null) {
      throw SandboxException.invalid("the body must be a JSON object");
    }
    return value;
  }
}
