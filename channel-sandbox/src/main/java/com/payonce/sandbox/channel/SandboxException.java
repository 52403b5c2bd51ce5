package com.payonce.sandbox.channel;

/** A refusal the channel answers with: becomes {@code {"code","message"}} with the code's status. */
public class SandboxException extends RuntimeException {

  private final ErrorCode code;

  public SandboxException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public static SandboxException invalid(String message) {
    return new SandboxException(ErrorCode.INVALID_REQUEST, message);
  }

  public ErrorCode code() {
    return code;
  }
}
