package com.payonce.api.ops;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The login page; Spring Security takes its POST (OpsSecurityConfiguration). A refused login says
 * only "wrong name or password", or that the account waits after too many of them.
 */
@Controller
@ConditionalOnBooleanProperty(name = "payonce.ops.enabled", matchIfMissing = true)
class OpsLoginController {

  @GetMapping(OpsSecurityConfiguration.LOGIN)
  ModelAndView login(
      @RequestParam(required = false) String error,
      @RequestParam(required = false) String locked,
      @RequestParam(required = false) String logout) {
    String message = null;
    if (locked != null) {
      message = "Too many failed logins: this account waits a while before it can log in again.";
    } else if (error != null) {
      message = "Wrong name or password.";
    }
    return new ModelAndView(
        "ops/login",
        Map.of("message", message == null ? "" : message, "loggedOut", logout != null));
  }
}
