package com.payonce.activities.ledger.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A real PostgreSQL started from binaries on the classpath, for the embedded run and for tests. Its
 * files live under the given folder (binaries in {@code postgres-bin/}, data in {@code postgres/}),
 * never in the system temp folder. As root (CI, containers), where PostgreSQL refuses to run, the
 * library starts it in a user namespace through {@code unshare}.
 */
public final class EmbeddedLedgerDatabase {
  private EmbeddedLedgerDatabase() {}

  public static EmbeddedPostgres start(Path folder, boolean cleanData) throws IOException {
    Path absolute = folder.toAbsolutePath();
    return EmbeddedPostgres.builder()
        .setOverrideWorkingDirectory(absolute.resolve("postgres-bin").toFile())
        .setDataDirectory(absolute.resolve("postgres"))
        .setCleanDataDirectory(cleanData)
        .start();
  }
}
