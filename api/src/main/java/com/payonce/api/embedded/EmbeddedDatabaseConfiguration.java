package com.payonce.api.embedded;

import com.payonce.activities.ledger.embedded.EmbeddedLedgerDatabase;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A real PostgreSQL in this process's folder when no {@code spring.datasource.url} is set. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(EmbeddedProperties properties) throws IOException {
    EmbeddedPostgres postgres =
        EmbeddedLedgerDatabase.start(Path.of(properties.dataDir()), properties.cleanDatabase());
    log.info(
        "embedded PostgreSQL on port {}, data in {}",
        postgres.getPort(),
        Path.of(properties.dataDir()).toAbsolutePath().resolve("postgres"));
    return postgres;
  }

  @Bean
  DataSource dataSource(EmbeddedPostgres postgres) {
    return DataSourceBuilder.create()
        .type(HikariDataSource.class)
        .url(postgres.getJdbcUrl("postgres", "postgres"))
        .username("postgres")
        .build();
  }
}
