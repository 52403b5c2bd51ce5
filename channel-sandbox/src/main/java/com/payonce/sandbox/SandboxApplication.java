package com.payonce.sandbox;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * Runs the channel sandbox on its own, outside the payonce app.
 *
 * <p>Deliberately not a {@code @SpringBootApplication} (nor any {@code @Configuration}): an app
 * that component-scans {@code com.payonce} would otherwise pick this class up as a second
 * application configuration, and its tests would find two {@code @SpringBootConfiguration}s.
 * {@code @EnableAutoConfiguration} alone brings in the web server, Jackson and {@link
 * SandboxAutoConfiguration}.
 */
@EnableAutoConfiguration
public class SandboxApplication {

  public static void main(String[] args) {
    SpringApplication.run(SandboxApplication.class, args);
  }
}
