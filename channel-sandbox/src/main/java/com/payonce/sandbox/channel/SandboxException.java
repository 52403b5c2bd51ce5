package com.payonce.sandbox.channel;

/** A refusal the channel answers with: becomes {@code {"code","message"}} with its HTTP status. */
public class SandboxException extends RuntimeException {

  private final ErrorCode code;
  private final int httpStatus;

  public SandboxException(ErrorCode code, String message) {
    this(code, code.httpStatus(), message);
  }

  /** The same code may go out with another status (SYSTEM_ERROR: 503 on create, 500 on refund). */
  public SandboxException(ErrorCode code, int httpStatus, String message) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public static SandboxException invalid(String message) {
    return new SandboxException(ErrorCode.INVALID_REQUEST, message);
  }

  public ErrorCode code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
