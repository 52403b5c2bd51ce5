package com.payonce.activities.ledger;

import com.payonce.activities.ledger.embedded.EmbeddedLedgerDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real PostgreSQL, migrated with the production Flyway scripts, started once per test JVM (under
 * target/) and emptied before each test. Register with {@code @RegisterExtension}.
 */
public final class TestDatabase implements BeforeEachCallback {
  private static EmbeddedPostgres postgres;

  private static synchronized EmbeddedPostgres postgres() {
    if (postgres == null) {
      try {
        postgres = EmbeddedLedgerDatabase.start(Path.of("target", "embedded-pg"), true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
      Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::stop));
    }
    return postgres;
  }

  private static void stop() {
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is exiting; the data folder is cleaned on the next start
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    jdbc()
        .sql("TRUNCATE orders, payment_attempts, refunds, orphan_refunds, webhook_inbox,"
                + " merchant_endpoints, operator_items, reconciliation_runs CASCADE")
        .update();
  }

  public DataSource dataSource() {
    return postgres().getPostgresDatabase();
  }

  public JdbcClient jdbc() {
    return JdbcClient.create(dataSource());
  }

  public long count(String table) {
    return jdbc().sql("SELECT count(*) FROM " + table).query(Long.class).single();
  }
}
