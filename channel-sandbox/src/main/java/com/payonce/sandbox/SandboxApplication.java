package com.payonce.sandbox;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Runs the channel sandbox on its own, outside the payonce app: {@code java -jar
 * payonce-channel-sandbox-<version>-exec.jar} serves {@code alipay} and {@code wechat} on port
 * 9090.
 *
 * <p>Deliberately not a {@code @SpringBootApplication} (nor any {@code @Configuration}): an app
 * that component-scans {@code com.payonce} would otherwise pick this class up as a second
 * application configuration, and its tests would find two {@code @SpringBootConfiguration}s.
 * {@code @EnableAutoConfiguration} alone brings in the web server, Jackson and {@link
 * SandboxAutoConfiguration}.
 *
 * <p>Its configuration is {@code sandbox.yaml} (the config name is set here, as a default
 * property, so {@code --spring.config.name} still wins): this jar must not carry an {@code
 * application.yaml}, which would leak into the payonce app that embeds it.
 */
@EnableAutoConfiguration
public class SandboxApplication {

  public static void main(String[] args) {
    new SpringApplicationBuilder(SandboxApplication.class)
        .properties("spring.config.name=sandbox")
        .run(args);
  }
}
