package com.payonce.api.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MutableCoercionConfig;
import tools.jackson.databind.type.LogicalType;

/**
 * Request bodies mean what their JSON types say: {@code "description": false} or {@code
 * "expiresInSeconds": "60"} are 400s, not a text "false" and a number 60 guessed by Jackson. The
 * OpenAPI description promises exactly these types.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

  @Bean
  JsonMapperBuilderCustomizer noScalarCoercion() {
    return builder ->
        builder
            .withCoercionConfig(
                LogicalType.Textual,
                text ->
                    text.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, StrictJson::onlyNumbers)
            .withCoercionConfig(
                LogicalType.Integer,
                number ->
                    onlyNumbers(number).setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
  }

  /** A number from a number only: not from a string, an empty or blank one, or a boolean. */
  private static MutableCoercionConfig onlyNumbers(MutableCoercionConfig number) {
    return number
        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
        .setAcceptBlankAsEmpty(false);
  }
}
