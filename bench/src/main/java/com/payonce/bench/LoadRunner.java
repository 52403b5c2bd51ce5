package com.payonce.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: order i is planned at {@code t0 + i / rate} whatever happened to the orders
 * before it, and its checkout latency is measured from that planned time, so a slow system cannot
 * hide its slowness by slowing the generator down (coordinated omission). Each later step of an
 * order starts as soon as the previous one answered and is measured from then.
 */
final class LoadRunner {
  record Mix(double switchShare, double repeatShare, double refundShare) {}

  private record Plan(
      String orderId, String channel, boolean switchChannel, boolean repeat, boolean refund) {
    boolean happy() {
      return !switchChannel && !repeat && !refund;
    }
  }

  private static final long REFUND_MINOR = 100; // 1.00 of 10.00
  private static final int REFUND_TRIES = 20;

  private final Mix mix;
  private final Duration refundDelay;
  private final Duration drain;
  private final ProcessCpu cpu;
  private final long seed;

  /** order → {pay start, pay end} wall microseconds of the (last) pay call. */
  private final Map<String, long[]> payTimes = new java.util.concurrent.ConcurrentHashMap<>();

  LoadRunner(Mix mix, Duration refundDelay, Duration drain, ProcessCpu cpu, long seed) {
    this.mix = mix;
    this.refundDelay = refundDelay;
    this.drain = drain;
    this.cpu = cpu;
    this.seed = seed;
  }

  StepResult run(Target target, String prefix, double rate, long orders) throws Exception {
    Metrics m = new Metrics();
    List<Plan> plans = plan(prefix, orders);
    ConcurrentLinkedQueue<String> customerPaid = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> refunded = new ConcurrentLinkedQueue<>();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0,
            2000,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "bench-order-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ScheduledExecutorService later =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-later");
              t.setDaemon(true);
              return t;
            });
    Phaser outstanding = new Phaser(1);
    ProcessCpu.Snapshot before = cpu.snapshot();
    long startWallMicros = wallMicros() + 100_000;
    long t0 = System.nanoTime() + 100_000_000L;
    long interval = (long) (1_000_000_000L / rate);
    for (int i = 0; i < plans.size(); i++) {
      Plan plan = plans.get(i);
      long planned = t0 + i * interval;
      long wait;
      while ((wait = planned - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (System.nanoTime() - planned > 2_000_000L) {
        m.lateStarts.incrementAndGet(); // the generator itself was late: still measured from plan
      }
      m.ordersPlanned.incrementAndGet();
      outstanding.register();
      try {
        pool.execute(
            () -> {
              try {
                order(target, plan, planned, m, customerPaid, refunded, pool, later, outstanding);
              } finally {
                outstanding.arriveAndDeregister();
              }
            });
      } catch (RejectedExecutionException e) {
        outstanding.arriveAndDeregister();
        m.error("generator saturated", plan.orderId());
      }
    }
    long loadEnd = System.nanoTime();
    double seconds = (loadEnd - t0) / 1e9;
    long loadEndWallMicros = startWallMicros + (loadEnd - t0) / 1000;
    try {
      outstanding.awaitAdvanceInterruptibly(
          outstanding.arrive(),
          drain.toMillis() + refundDelay.toMillis() * 2 + 30_000,
          TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      m.error("requests still open after the drain", outstanding.getUnarrivedParties() + " open");
    }
    ProcessCpu.Snapshot after = cpu.snapshot();
    List<String> paid = new ArrayList<>(customerPaid);
    Map<String, long[]> settle = target.settleMicros(paid, new ArrayList<>(refunded), drain, m);
    target.recordNotifications(paid, drain, m);
    long inTime = 0;
    for (long[] s : settle.values()) {
      m.record(Metrics.SETTLE, s[0]);
      m.ordersSettled.incrementAndGet();
      if (s[1] <= loadEndWallMicros + 1_000_000) {
        inTime++;
      }
    }
    // refunded orders settled too, but their PAID record was overwritten: count them as in time
    // in the same proportion (they are a few percent, taken at random)
    long refundedSettled = m.settleExcluded.get();
    double share = settle.isEmpty() ? 0 : (double) inTime / settle.size();
    long settledInTime = inTime + Math.round(refundedSettled * share);
    pool.shutdown();
    later.shutdownNow();

    List<String> happy = new ArrayList<>();
    Map<String, String> variants = new LinkedHashMap<>();
    for (Plan p : plans) {
      if (p.happy() && settle.containsKey(p.orderId())) {
        happy.add(p.orderId());
      }
      if (p.switchChannel() && !p.repeat() && !p.refund()) {
        variants.putIfAbsent("switch channel", p.orderId());
      }
      if (p.repeat() && !p.switchChannel() && !p.refund()) {
        variants.putIfAbsent("repeat checkout", p.orderId());
      }
      if (p.refund() && !p.switchChannel() && !p.repeat()) {
        variants.putIfAbsent("partial refund", p.orderId());
      }
    }
    return new StepResult(
        target.name(),
        rate,
        seconds,
        m.ordersPlanned.get(),
        settledInTime,
        settledInTime / seconds,
        m,
        ProcessCpu.cpuSeconds(before, after),
        ProcessCpu.machineBusySeconds(before, after),
        ProcessCpu.seconds(before, after),
        before.loadAvg(),
        after.loadAvg(),
        Collections.unmodifiableList(happy),
        variants,
        settle);
  }

  private List<Plan> plan(String prefix, long orders) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Plan> plans = new ArrayList<>();
    for (long i = 0; i < orders; i++) {
      String channel = random.nextBoolean() ? "alipay" : "wechat";
      boolean switchChannel = random.nextDouble() < mix.switchShare();
      boolean repeat = random.nextDouble() < mix.repeatShare();
      boolean refund = random.nextDouble() < mix.refundShare();
      plans.add(
          new Plan(String.format("%s%06d", prefix, i), channel, switchChannel, repeat, refund));
    }
    return plans;
  }

  private void order(
      Target target,
      Plan plan,
      long planned,
      Metrics m,
      ConcurrentLinkedQueue<String> customerPaid,
      ConcurrentLinkedQueue<String> refunded,
      ThreadPoolExecutor pool,
      ScheduledExecutorService later,
      Phaser outstanding) {
    String id = plan.orderId();
    try {
      target.checkout(id, false);
      long t = System.nanoTime();
      m.record(Metrics.CHECKOUT, (t - planned) / 1000);
      m.record(Metrics.CHECKOUT_FIRST, (t - planned) / 1000);
      target.follow(id);
      t = System.nanoTime(); // the next step starts after the stream was asked for
      if (plan.repeat()) {
        long s = t;
        target.checkout(id, true);
        t = System.nanoTime();
        m.record(Metrics.CHECKOUT, (t - s) / 1000);
        m.record(Metrics.CHECKOUT_REPEAT, (t - s) / 1000);
        m.queries.addAndGet(target.queriesPerRepeatCheckout());
      }
      if (plan.switchChannel()) {
        String first = plan.channel().equals("alipay") ? "wechat" : "alipay";
        long s = t;
        target.pay(id, first);
        t = System.nanoTime();
        m.record(Metrics.PAY, (t - s) / 1000);
      }
      long s = t;
      long payStartWall = wallMicros();
      String handle = target.pay(id, plan.channel());
      t = System.nanoTime();
      payTimes.put(id, new long[] {payStartWall, wallMicros()});
      m.record(Metrics.PAY, (t - s) / 1000);
      if (plan.switchChannel()) {
        m.record(Metrics.PAY_SWITCH, (t - s) / 1000);
      }
      s = t;
      target.customerPays(id, plan.channel(), handle);
      t = System.nanoTime();
      m.record(Metrics.CUSTOMER_PAY, (t - s) / 1000);
      customerPaid.add(id);
      m.ordersCustomerPaid.incrementAndGet();
      if (plan.refund()) {
        refunded.add(id);
        outstanding.register();
        scheduleRefund(target, id, 1, m, pool, later, outstanding, refundDelay);
      }
    } catch (Target.Unexpected e) {
      m.error(e.kind, id + ": " + e.getMessage());
    } catch (Exception e) {
      m.error(
          e.getClass().getSimpleName(),
          id + ": " + e + (e.getCause() == null ? "" : " / " + e.getCause()));
    }
  }

  private void scheduleRefund(
      Target target,
      String id,
      int attempt,
      Metrics m,
      ThreadPoolExecutor pool,
      ScheduledExecutorService later,
      Phaser outstanding,
      Duration delay) {
    later.schedule(
        () -> {
          try {
            pool.execute(() -> refund(target, id, attempt, m, pool, later, outstanding));
          } catch (RejectedExecutionException e) {
            m.error("generator saturated", id);
            outstanding.arriveAndDeregister();
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void refund(
      Target target,
      String id,
      int attempt,
      Metrics m,
      ThreadPoolExecutor pool,
      ScheduledExecutorService later,
      Phaser outstanding) {
    long s = System.nanoTime();
    try {
      target.refund(id, "r-" + id.substring(Math.max(0, id.length() - 20)), REFUND_MINOR);
      m.record(Metrics.REFUND, (System.nanoTime() - s) / 1000);
      m.refunds.incrementAndGet();
    } catch (Target.NotYetPaid e) {
      m.rejectedUpdates.incrementAndGet();
      if (attempt < REFUND_TRIES) {
        scheduleRefund(target, id, attempt + 1, m, pool, later, outstanding, Duration.ofSeconds(1));
        return; // still outstanding
      }
      m.error("refund: never paid", id);
    } catch (Target.Unexpected e) {
      m.error(e.kind, id + ": " + e.getMessage());
    } catch (Exception e) {
      m.error(
          "refund " + e.getClass().getSimpleName(),
          id + ": " + e + (e.getCause() == null ? "" : " / " + e.getCause()));
    }
    outstanding.arriveAndDeregister();
  }

  long[] payTimes(String orderId) {
    return payTimes.get(orderId);
  }

  static long wallMicros() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }
}
