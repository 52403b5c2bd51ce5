package com.payonce.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU time of processes (from /proc/PID/stat) and of the whole machine (/proc/stat). */
final class ProcessCpu {
  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

  record Snapshot(long atNanos, Map<String, Long> processTicks, long machineBusy, long machineTotal,
      String loadAvg) {}

  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final String pgDataDir;

  ProcessCpu(Long appPid, Long temporalPid, String pgDataDir) {
    this.pgDataDir = pgDataDir;
    if (appPid != null) {
      pids.put("app", appPid);
    }
    if (temporalPid != null) {
      pids.put("temporal", temporalPid);
    }
    pids.put("bench", ProcessHandle.current().pid());
  }

  Snapshot snapshot() {
    Map<String, Long> ticks = new LinkedHashMap<>();
    pids.forEach((name, pid) -> ticks.put(name, processTicks(pid)));
    if (pgDataDir != null) {
      long postmaster = postmaster(pgDataDir);
      if (postmaster > 0) {
        ticks.put("postgres", processTicks(postmaster) + descendantTicks(postmaster));
      }
    }
    long busy = 0;
    long total = 0;
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      for (int i = 1; i < cpu.length && i <= 8; i++) {
        long v = Long.parseLong(cpu[i]);
        total += v;
        if (i != 4 && i != 5) { // idle, iowait
          busy += v;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no machine figures
    }
    return new Snapshot(System.nanoTime(), ticks, busy, total, loadAvg());
  }

  static String loadAvg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  /** The pid of the PostgreSQL server whose command line names this data folder, or -1. */
  private static long postmaster(String dataDir) {
    try (var dirs = Files.list(Path.of("/proc"))) {
      return dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
          .filter(d -> {
            try {
              String cmd = new String(Files.readAllBytes(d.resolve("cmdline"))).replace('\0', ' ');
              return cmd.contains("postgres") && cmd.contains("-D " + dataDir);
            } catch (IOException | RuntimeException e) {
              return false;
            }
          })
          .mapToLong(d -> Long.parseLong(d.getFileName().toString()))
          .findFirst().orElse(-1);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Seconds between the snapshots. */
  static double seconds(Snapshot from, Snapshot to) {
    return (to.atNanos() - from.atNanos()) / 1e9;
  }

  /** CPU seconds each process used between the two snapshots. */
  static Map<String, Double> cpuSeconds(Snapshot from, Snapshot to) {
    Map<String, Double> out = new LinkedHashMap<>();
    to.processTicks().forEach(
        (name, t) -> {
          Long f = from.processTicks().get(name);
          if (t >= 0 && f != null && f >= 0) {
            out.put(name, (t - f) / TICKS_PER_SECOND);
          }
        });
    return out;
  }

  /** Machine-wide busy CPU seconds (all cores) between the snapshots. */
  static double machineBusySeconds(Snapshot from, Snapshot to) {
    return (to.machineBusy() - from.machineBusy()) / TICKS_PER_SECOND;
  }

  /** CPU ticks of every live descendant of the process (the embedded PostgreSQL's processes). */
  private static long descendantTicks(long root) {
    Map<Long, Long> parent = new java.util.HashMap<>();
    Map<Long, Long> ticks = new java.util.HashMap<>();
    try (var dirs = Files.list(Path.of("/proc"))) {
      dirs.filter(d -> d.getFileName().toString().matches("\\d+"))
          .forEach(
              d -> {
                try {
                  String stat = Files.readString(d.resolve("stat"));
                  String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
                  long pid = Long.parseLong(d.getFileName().toString());
                  parent.put(pid, Long.parseLong(f[1]));
                  ticks.put(pid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                  // gone meanwhile
                }
              });
    } catch (IOException e) {
      return -1;
    }
    long sum = 0;
    for (Map.Entry<Long, Long> e : parent.entrySet()) {
      long p = e.getValue();
      int depth = 0;
      while (p > 1 && p != root && depth++ < 64) {
        p = parent.getOrDefault(p, 0L);
      }
      if (p == root && e.getKey() != root) {
        sum += ticks.get(e.getKey());
      }
    }
    return sum;
  }

  private static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split("\\s+");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
