package com.payonce.api.ops;

import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Every console page names who is logged in, beside the logout button. */
@ControllerAdvice(basePackageClasses = OpsOperatorModel.class)
class OpsOperatorModel {

  @ModelAttribute("operator")
  String operator(Principal principal) {
    return principal == null ? "" : principal.getName();
  }
}
