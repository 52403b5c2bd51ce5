package com.payonce.ledger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One embedded PostgreSQL per test class, migrated with the production Flyway scripts; its
 * binaries and data live under target/ so nothing leaks outside the module's build directory.
 */
final class TestDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  private final DataSource dataSource;
  private final JdbcClient jdbc;

  private TestDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.dataSource = postgres.getPostgresDatabase();
    this.jdbc = JdbcClient.create(dataSource);
  }

  static TestDatabase start() throws IOException {
    File workingDirectory = new File("target/embedded-pg").getAbsoluteFile();
    Files.createDirectories(workingDirectory.toPath());
    // the library's default base directory is java.io.tmpdir/embedded-pg: keep it under target/
    System.setProperty("ot.epg.working-dir", workingDirectory.getPath());
    Path dataDirectory = Files.createTempDirectory(workingDirectory.toPath(), "data-");
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setOverrideWorkingDirectory(workingDirectory)
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .start();
    try {
      Flyway.configure().dataSource(postgres.getPostgresDatabase()).load().migrate();
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    return new TestDatabase(postgres);
  }

  DataSource dataSource() {
    return dataSource;
  }

  JdbcClient jdbc() {
    return jdbc;
  }

  /** A clean schema for the next test: every ledger table emptied, the migration kept. */
  void truncateAll() {
    jdbc.sql("TRUNCATE orders, payment_attempts, refunds, orphan_refunds, webhook_inbox CASCADE")
        .update();
  }

  long count(String table) {
    return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
