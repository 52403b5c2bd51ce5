package com.payonce.ledger.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * The embedded PostgreSQL binaries, made to start as root. PostgreSQL refuses to run as root, and
 * containers and CI machines often are root: there {@code initdb} and {@code pg_ctl} are wrapped
 * in a script that runs them as the unprivileged {@code nobody} inside a user namespace (files
 * stay owned by the real user). For any other user the binaries are served unchanged.
 */
public final class RootSafePostgresBinaries implements PgBinaryResolver {
  private static final String[] WRAPPED = {"bin/initdb", "bin/pg_ctl"};
  private static final String WRAPPER =
      """
      #!/bin/sh
      # PostgreSQL refuses to run as root: as root, run it as nobody in a user namespace.
      if [ "$(id -u)" = 0 ]; then
        exec unshare --user --map-user="$(id -u nobody)" --map-group="$(id -g nobody)" "$0.real" "$@"
      fi
      exec "$0.real" "$@"
      """;

  private byte[] archive;

  @Override
  public synchronized InputStream getPgBinary(String system, String machineHardware)
      throws IOException {
    InputStream original =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    if (!runningAsRoot() || original == null) {
      return original;
    }
    if (archive == null) {
      try (original) {
        archive = withWrappers(original);
      }
    }
    return new ByteArrayInputStream(archive);
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static byte[] withWrappers(InputStream txz) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new XZCompressorInputStream(txz));
        TarArchiveOutputStream out =
            new TarArchiveOutputStream(new XZCompressorOutputStream(bytes, 0))) {
      out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        String name = entry.getName().replaceFirst("^\\./", "");
        if (isWrapped(name) && entry.isFile()) {
          entry.setName(name + ".real");
          copy(in, out, entry);
          TarArchiveEntry script = new TarArchiveEntry(name);
          byte[] text = WRAPPER.getBytes(StandardCharsets.UTF_8);
          script.setSize(text.length);
          script.setMode(0755);
          out.putArchiveEntry(script);
          out.write(text);
          out.closeArchiveEntry();
        } else {
          copy(in, out, entry);
        }
      }
    }
    return bytes.toByteArray();
  }

  private static boolean isWrapped(String name) {
    for (String wrapped : WRAPPED) {
      if (wrapped.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static void copy(TarArchiveInputStream in, TarArchiveOutputStream out, TarArchiveEntry e)
      throws IOException {
    out.putArchiveEntry(e);
    if (e.isFile()) {
      in.transferTo(out);
    }
    out.closeArchiveEntry();
  }
}
