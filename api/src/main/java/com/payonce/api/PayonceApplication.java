package com.payonce.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling // UndeliveredWebhookSweeper
public class PayonceApplication {

  public static void main(String[] args) {
    SpringApplication.run(PayonceApplication.class, args);
  }
}
