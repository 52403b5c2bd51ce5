package com.payonce.api.config;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Temporal SDK tags its request meters with {@code update_name} only for update calls, and
 * Prometheus needs one set of tag keys per meter name: without this, the registry refuses every
 * update call's meter (payonce's pay, cancel and refund) and logs a warning once. Each request
 * meter gets {@code update_name="none"} when the SDK gave it none.
 */
@Configuration(proxyBeanMethods = false)
class TemporalMeterTags {
  private static final String UPDATE_NAME = "update_name";

  @Bean
  MeterFilter temporalRequestsAlwaysTagUpdateName() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        boolean request = id.getName().startsWith("temporal_") && id.getTag("operation") != null;
        return request && id.getTag(UPDATE_NAME) == null
            ? id.withTag(Tag.of(UPDATE_NAME, "none"))
            : id;
      }
    };
  }
}
