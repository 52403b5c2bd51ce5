package com.payonce.sandbox.wechat;

import com.payonce.sandbox.SandboxJson;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Every answer of the simulated WeChat Pay, errors included, signed with the platform key over the
 * exact bytes sent, with a {@code Request-ID} as WeChat Pay gives one.
 */
final class WechatPayAnswers {

  private final PlatformSigner signer;

  WechatPayAnswers(PlatformSigner signer) {
    this.signer = signer;
  }

  ServerResponse json(int status, Object body) {
    return send(status, SandboxJson.write(body));
  }

  ServerResponse noContent() {
    return send(204, new byte[0]);
  }

  ServerResponse error(WechatPayError error) {
    return json(error.status(), Map.of("code", error.code(), "message", error.getMessage()));
  }

  private ServerResponse send(int status, byte[] body) {
    ServerResponse.BodyBuilder answer =
        ServerResponse.status(status).header("Request-ID", UUID.randomUUID().toString());
    signer.headers(body).forEach(answer::header);
    if (body.length == 0) {
      return answer.build();
    }
    return answer
        .contentType(MediaType.APPLICATION_JSON)
        .build(
            (servletRequest, servletResponse) -> {
              servletResponse.setContentLength(body.length);
              servletResponse.getOutputStream().write(body);
              return null;
            });
  }
}
