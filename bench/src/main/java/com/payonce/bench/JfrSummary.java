package com.payonce.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/** What dominates in a JDK Flight Recording of the app: CPU samples, allocation, GC, blocking. */
final class JfrSummary {
  /** Layers, most specific first: a stack frame belongs to the first prefix it starts with. */
  private static final Map<String, String> LAYERS = new LinkedHashMap<>();

  static {
    LAYERS.put("com.payonce.sandbox.", "sandbox PSP (simulated channel, same JVM)");
    LAYERS.put("com.payonce.activities.channel.", "payonce channel adapter");
    LAYERS.put("com.payonce.activities.ledger.", "payonce ledger (JDBC)");
    LAYERS.put("com.payonce.workflows.", "payonce workflow code");
    LAYERS.put("com.payonce.api.", "payonce API / webhooks");
    LAYERS.put("org.postgresql.", "PostgreSQL JDBC driver");
    LAYERS.put("com.zaxxer.hikari.", "HikariCP");
    LAYERS.put("org.flywaydb.", "Flyway");
    LAYERS.put("io.temporal.internal.replay.", "Temporal SDK: workflow replay/state machines");
    LAYERS.put("io.temporal.internal.statemachines.", "Temporal SDK: workflow replay/state machines");
    LAYERS.put("io.temporal.internal.sync.", "Temporal SDK: workflow threads");
    LAYERS.put("io.temporal.internal.worker.", "Temporal SDK: pollers/workers");
    LAYERS.put("io.temporal.common.converter.", "Temporal SDK: payload conversion (JSON)");
    LAYERS.put("io.temporal.", "Temporal SDK: other");
    LAYERS.put("io.grpc.", "gRPC / Netty (to Temporal)");
    LAYERS.put("io.netty.", "gRPC / Netty (to Temporal)");
    LAYERS.put("com.google.protobuf.", "protobuf");
    LAYERS.put("com.fasterxml.jackson.", "Jackson JSON");
    LAYERS.put("tools.jackson.", "Jackson JSON");
    LAYERS.put("org.apache.tomcat.", "Tomcat (HTTP server)");
    LAYERS.put("org.apache.coyote.", "Tomcat (HTTP server)");
    LAYERS.put("org.apache.catalina.", "Tomcat (HTTP server)");
    LAYERS.put("org.springframework.web.", "Spring MVC");
    LAYERS.put("org.springframework.security.", "Spring Security");
    LAYERS.put("org.springframework.", "Spring other");
    LAYERS.put("io.micrometer.", "Micrometer");
    LAYERS.put("ch.qos.logback.", "logging");
    LAYERS.put("org.slf4j.", "logging");
    LAYERS.put("jdk.internal.net.http.", "JDK HttpClient (channel calls, webhooks)");
    LAYERS.put("sun.security.", "JDK crypto");
    LAYERS.put("javax.crypto.", "JDK crypto");
    LAYERS.put("com.sun.crypto.", "JDK crypto");
  }

  static String summarize(Path file, int top) throws IOException {
    Map<String, Long> selfByMethod = new HashMap<>();
    Map<String, Long> selfByLayer = new HashMap<>();
    Map<String, Long> inclusiveByLayer = new HashMap<>();
    Map<String, Long> byThread = new HashMap<>();
    Map<String, Long> allocByClass = new HashMap<>();
    Map<String, Long> allocByLayer = new HashMap<>();
    Map<String, Long> monitorByFrame = new HashMap<>();
    Map<String, Long> socketReadByThread = new HashMap<>();
    Map<String, Long> parkByWhere = new HashMap<>();
    long samples = 0;
    long gcCount = 0;
    Duration gcPause = Duration.ZERO;
    double cpuJvm = 0;
    double cpuMachine = 0;
    long cpuEvents = 0;
    Duration span = Duration.ZERO;
    java.time.Instant first = null;
    java.time.Instant last = null;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (first == null || e.getStartTime().isBefore(first)) {
        first = e.getStartTime();
      }
      if (last == null || e.getEndTime().isAfter(last)) {
        last = e.getEndTime();
      }
      switch (type) {
        case "jdk.ExecutionSample" -> {
          samples++;
          RecordedStackTrace st = e.getStackTrace();
          RecordedThread thread = e.getThread("sampledThread");
          byThread.merge(threadGroup(thread), 1L, Long::sum);
          if (st == null || st.getFrames().isEmpty()) {
            continue;
          }
          List<RecordedFrame> frames = st.getFrames();
          selfByMethod.merge(method(frames.get(0)), 1L, Long::sum);
          selfByLayer.merge(firstLayer(frames), 1L, Long::sum);
          Set<String> seen = new HashSet<>();
          for (RecordedFrame f : frames) {
            String layer = layer(f);
            if (layer != null && seen.add(layer)) {
              inclusiveByLayer.merge(layer, 1L, Long::sum);
            }
          }
        }
        case "jdk.ObjectAllocationSample" -> {
          long weight = e.getLong("weight");
          allocByClass.merge(e.getClass("objectClass").getName(), weight, Long::sum);
          RecordedStackTrace st = e.getStackTrace();
          if (st != null) {
            allocByLayer.merge(firstLayer(st.getFrames()), weight, Long::sum);
          }
        }
        case "jdk.JavaMonitorEnter" -> {
          RecordedStackTrace st = e.getStackTrace();
          String where = e.getClass("monitorClass").getName() + " at "
              + (st == null || st.getFrames().isEmpty() ? "?" : method(st.getFrames().get(0)));
          monitorByFrame.merge(where, e.getDuration().toMillis(), Long::sum);
        }
        case "jdk.SocketRead" ->
            socketReadByThread.merge(threadGroup(e.getThread("eventThread")) + " ← "
                + e.getString("host") + ":" + e.getInt("port"), e.getDuration().toMillis(), Long::sum);
        case "jdk.ThreadPark" -> {
          RecordedStackTrace st = e.getStackTrace();
          String where = "?";
          if (st != null) {
            for (RecordedFrame f : st.getFrames()) {
              String cls = f.getMethod().getType().getName();
              if (!cls.startsWith("java.") && !cls.startsWith("jdk.") && !cls.startsWith("sun.")) {
                where = method(f);
                break;
              }
            }
          }
          parkByWhere.merge(threadGroup(e.getThread("eventThread")) + " parked in " + where,
              e.getDuration().toMillis(), Long::sum);
        }
        case "jdk.GarbageCollection" -> {
          gcCount++;
          gcPause = gcPause.plus(e.getDuration("sumOfPauses"));
        }
        case "jdk.CPULoad" -> {
          cpuJvm += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
          cpuMachine += e.getFloat("machineTotal");
          cpuEvents++;
        }
        default -> {}
      }
    }
    if (first != null) {
      span = Duration.between(first, last);
    }
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Recording %s: %d s, %d CPU samples; JVM CPU %.0f%% of the machine, machine %.0f%% (mean of jdk.CPULoad); %d GCs, %d ms paused in all.%n%n",
        file.getFileName(), span.toSeconds(), samples,
        cpuEvents == 0 ? Double.NaN : 100 * cpuJvm / cpuEvents,
        cpuEvents == 0 ? Double.NaN : 100 * cpuMachine / cpuEvents, gcCount, gcPause.toMillis()));
    table(b, "CPU samples by layer, inclusive (a sample counts once for each layer on its stack)", inclusiveByLayer, samples, top, "samples");
    table(b, "CPU samples by layer of the top-most recognised frame (self time, roughly)", selfByLayer, samples, top, "samples");
    table(b, "CPU samples by thread pool", byThread, samples, top, "samples");
    table(b, "Hottest methods (self)", selfByMethod, samples, top, "samples");
    long allocTotal = allocByClass.values().stream().mapToLong(Long::longValue).sum();
    table(b, "Allocation (sampled weight) by layer", allocByLayer, allocTotal, top, "bytes");
    table(b, "Allocation by class", allocByClass, allocTotal, 10, "bytes");
    long monitorTotal = monitorByFrame.values().stream().mapToLong(Long::longValue).sum();
    table(b, "Blocked on monitors (ms in all, events over the recording threshold)", monitorByFrame, monitorTotal, 10, "ms");
    long socketTotal = socketReadByThread.values().stream().mapToLong(Long::longValue).sum();
    table(b, "Waiting in socket reads (ms in all, reads over the threshold)", socketReadByThread, socketTotal, 12, "ms");
    long parkTotal = parkByWhere.values().stream().mapToLong(Long::longValue).sum();
    table(b, "Parked threads (ms in all, parks over the threshold): where threads wait", parkByWhere, parkTotal, 15, "ms");
    return b.toString();
  }

  private static void table(StringBuilder b, String title, Map<String, Long> counts, long total, int top, String unit) {
    b.append("**").append(title).append("**\n\n| | ").append(unit).append(" | share |\n|---|---:|---:|\n");
    counts.entrySet().stream()
        .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
        .limit(top)
        .forEach(en -> b.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% |%n",
            en.getKey().replace("|", "\\|"), en.getValue(), total == 0 ? 0 : 100.0 * en.getValue() / total)));
    b.append('\n');
  }

  private static String method(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static String layer(RecordedFrame f) {
    String cls = f.getMethod().getType().getName();
    for (Map.Entry<String, String> l : LAYERS.entrySet()) {
      if (cls.startsWith(l.getKey())) {
        return l.getValue();
      }
    }
    return null;
  }

  private static String firstLayer(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String l = layer(f);
      if (l != null) {
        return l;
      }
    }
    String top = frames.isEmpty() ? "?" : frames.get(0).getMethod().getType().getName();
    return "JDK / other (" + top.replaceAll("\\.[^.]*$", "") + ")";
  }

  private static String threadGroup(RecordedThread t) {
    if (t == null) {
      return "?";
    }
    String name = t.getJavaName() == null ? t.getOSName() : t.getJavaName();
    return name == null ? "?" : name.replaceAll("[-#: ]*\\d+", "-N").replaceAll("(-N)+", "-N");
  }
}
