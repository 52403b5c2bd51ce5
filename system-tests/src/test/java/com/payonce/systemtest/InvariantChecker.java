package com.payonce.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.payonce.workflows.laterefund.LateRefundWorkflow;
import com.payonce.workflows.order.AttemptStatus;
import com.payonce.workflows.order.AttemptView;
import com.payonce.workflows.order.OrderPaymentWorkflow;
import com.payonce.workflows.order.OrderStatus;
import com.payonce.workflows.order.OrderView;
import com.payonce.workflows.order.RefundKind;
import com.payonce.workflows.order.RefundStatus;
import com.payonce.workflows.order.RefundView;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionMetadata;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the three independent books and says where they disagree:
 *
 * <ol>
 *   <li>each channel's own ledger ({@code GET /sandbox/{channel}/v1/ledger}): the ground truth of
 *       money, per merchant order number (= payonce's attempt id);
 *   <li>payonce's ledger in PostgreSQL: {@code orders}, {@code payment_attempts}, {@code refunds},
 *       {@code orphan_refunds};
 *   <li>the order's workflow: its {@code view} query through the SDK client.
 * </ol>
 *
 * An order is settled when the list of disagreements is empty; the last list before the bound runs
 * out is the violation.
 */
final class InvariantChecker {

  /**
   * One channel ledger line, in minor units, with each refund the channel accepted on it under its
   * refund number ({@code refunded} counts the SUCCEEDED ones).
   */
  record Line(
      String channel,
      String merchantOrderNo,
      String currency,
      long captured,
      long refunded,
      List<ChannelRefund> refunds) {

    /** The map key of a line: merchant order numbers are unique per channel only. */
    String key() {
      return key(channel, merchantOrderNo);
    }

    static String key(String channel, String merchantOrderNo) {
      return channel + "/" + merchantOrderNo;
    }

    ChannelRefund refund(String refundNo) {
      return refunds.stream().filter(r -> r.refundNo().equals(refundNo)).findFirst().orElse(null);
    }
  }

  /**
   * A refund in a channel's books: SUCCEEDED, or PROCESSING until an asynchronous one completes.
   */
  record ChannelRefund(String refundNo, long amount, String status) {}

  record AttemptRow(
      String attemptId, String channel, String status, long captured, long refunded) {}

  /** A refunds row; {@code refundNo} is the number the channel dedups it on. */
  record RefundRow(
      String refundId,
      String attemptId,
      long amount,
      String status,
      String kind,
      String refundNo) {}

  /** An orphan_refunds row. */
  record OrphanRow(String channel, String attemptId, String refundNo, long amount) {}

  record OrderRow(
      String status,
      String paidAttemptId,
      long amount,
      String currency,
      long captured,
      long refunded) {}

  /** What the checker saw of one order: empty problems means settled. */
  record Verdict(List<String> problems, String status, boolean workflowAsked) {
    boolean settled() {
      return problems.isEmpty() && workflowAsked;
    }
  }

  private static final Set<OrderStatus> PAID =
      Set.of(OrderStatus.PAID, OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED);

  private final Topology topology;
  private final ThreadLocal<Connection> connections = new ThreadLocal<>();
  private final List<Connection> opened = new ArrayList<>();
  private volatile Map<String, Line> ledger = Map.of();
  private volatile long ledgerReadAt;
  private final Map<String, Instant> captures = new ConcurrentHashMap<>();

  private volatile MerchantWebhookReceiver shop;
  private volatile String shopEndpointId;

  InvariantChecker(Topology topology) {
    this.topology = topology;
  }

  /** From now on an order is settled only once its shop events reached this endpoint. */
  void followShop(MerchantWebhookReceiver receiver, String endpointId) {
    this.shop = receiver;
    this.shopEndpointId = endpointId;
  }

  // ------------------------------------------------------------------ source 1: the channels

  /**
   * Both channels' ledgers by {@link Line#key} ({@code channel/merchantOrderNo}: another channel
   * may hold an order under one of payonce's attempt ids), read at most once per {@code maxAgeMs}.
   */
  /** When the channel captured the money of a ledger line ({@link Line#key}), if it did. */
  Instant capturedAt(String key) {
    return captures.get(key);
  }

  Map<String, Line> channelLedger(long maxAgeMs) {
    synchronized (this) {
      if (System.currentTimeMillis() - ledgerReadAt > maxAgeMs) {
        Map<String, Line> lines = new HashMap<>();
        for (String channel : Topology.CHANNELS) {
          JsonNode all =
              Http.get(topology.sandboxUrl(channel) + "/ledger", Map.of()).expect(200).json();
          for (JsonNode line : all) {
            String currency = line.path("currency").asText();
            int digits = Currency.getInstance(currency).getDefaultFractionDigits();
            List<ChannelRefund> refunds = new ArrayList<>();
            for (JsonNode r : line.path("refunds")) {
              refunds.add(
                  new ChannelRefund(
                      r.path("refundNo").asText(),
                      minor(r.path("amount").asText(), digits),
                      r.path("status").asText()));
            }
            Line read =
                new Line(
                    channel,
                    line.path("merchantOrderNo").asText(),
                    currency,
                    minor(line.path("captured").asText(), digits),
                    minor(line.path("refunded").asText(), digits),
                    List.copyOf(refunds));
            lines.put(read.key(), read);
            if (!line.path("capturedAt").isNull() && line.hasNonNull("capturedAt")) {
              captures.put(read.key(), Instant.parse(line.path("capturedAt").asText()));
            }
          }
        }
        ledger = lines;
        ledgerReadAt = System.currentTimeMillis();
      }
      return ledger;
    }
  }

  // ------------------------------------------------------------------ source 2: payonce's ledger

  private Connection connection() throws SQLException {
    Connection c = connections.get();
    if (c == null || c.isClosed() || !c.isValid(2)) {
      c = topology.ledgerConnection();
      connections.set(c);
      synchronized (opened) {
        opened.add(c);
      }
    }
    return c;
  }

  OrderRow orderRow(String orderId) throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT status, paid_attempt_id, amount_minor, currency, captured_minor,"
                    + " refunded_minor FROM orders WHERE order_id = ?")) {
      s.setString(1, orderId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        return new OrderRow(
            r.getString(1),
            r.getString(2),
            r.getLong(3),
            r.getString(4).trim(),
            r.getLong(5),
            r.getLong(6));
      }
    }
  }

  List<AttemptRow> attemptRows(String orderId) throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT attempt_id, channel, status, captured_minor, refunded_minor FROM"
                    + " payment_attempts WHERE order_id = ? ORDER BY created_at")) {
      s.setString(1, orderId);
      List<AttemptRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new AttemptRow(
                  r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5)));
        }
      }
      return rows;
    }
  }

  List<RefundRow> refundRows(String orderId) throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT refund_id, attempt_id, amount_minor, status, kind, refund_no FROM refunds"
                    + " WHERE order_id = ?")) {
      s.setString(1, orderId);
      List<RefundRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(
              new RefundRow(
                  r.getString(1),
                  r.getString(2),
                  r.getLong(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6)));
        }
      }
      return rows;
    }
  }

  List<EventInvariant.EventRow> eventRows(String orderId) throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT event_id, type, subject_id FROM order_events WHERE order_id = ?"
                    + " ORDER BY event_id")) {
      s.setString(1, orderId);
      List<EventInvariant.EventRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new EventInvariant.EventRow(r.getLong(1), r.getString(2), r.getString(3)));
        }
      }
      return rows;
    }
  }

  List<EventInvariant.DeliveryRow> deliveryRows(String orderId) throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT event_id, status, attempts FROM merchant_deliveries"
                    + " WHERE order_id = ? AND endpoint_id = ?")) {
      s.setString(1, orderId);
      s.setString(2, shopEndpointId);
      List<EventInvariant.DeliveryRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new EventInvariant.DeliveryRow(r.getLong(1), r.getString(2), r.getInt(3)));
        }
      }
      return rows;
    }
  }

  /** orphan_refunds rows naming the order: late captures the orphan workflow gave back. */
  List<OrphanRow> orphanRowsOf(String orderId) throws SQLException {
    try (PreparedStatement s =
        connection()
            .prepareStatement(
                "SELECT channel, attempt_id, refund_no, amount_minor FROM orphan_refunds WHERE"
                    + " order_id = ?")) {
      s.setString(1, orderId);
      List<OrphanRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new OrphanRow(r.getString(1), r.getString(2), r.getString(3), r.getLong(4)));
        }
      }
      return rows;
    }
  }

  /**
   * Every attempt payonce recorded, by {@link Line#key} (its channel and merchant order number).
   */
  Set<String> allAttempts() throws SQLException {
    try (PreparedStatement s =
            connection().prepareStatement("SELECT channel, attempt_id FROM payment_attempts");
        ResultSet r = s.executeQuery()) {
      Set<String> keys = new HashSet<>();
      while (r.next()) {
        keys.add(Line.key(r.getString(1), r.getString(2)));
      }
      return keys;
    }
  }

  /** orphan_refunds rows: (channel/attempt) to refunded minor units. */
  Map<String, Long> orphanRefunds() throws SQLException {
    try (PreparedStatement s =
            connection()
                .prepareStatement("SELECT channel, attempt_id, amount_minor FROM orphan_refunds");
        ResultSet r = s.executeQuery()) {
      Map<String, Long> rows = new HashMap<>();
      while (r.next()) {
        rows.merge(r.getString(1) + "/" + r.getString(2), r.getLong(3), Long::sum);
      }
      return rows;
    }
  }

  /** Rows per table, for the abuse checks. */
  Map<String, Long> rowCounts() throws SQLException {
    Map<String, Long> counts = new TreeMap<>();
    for (String table :
        List.of("orders", "payment_attempts", "refunds", "orphan_refunds", "webhook_inbox")) {
      try (PreparedStatement s = connection().prepareStatement("SELECT count(*) FROM " + table);
          ResultSet r = s.executeQuery()) {
        r.next();
        counts.put(table, r.getLong(1));
      }
    }
    return counts;
  }

  /** A free query over payonce's ledger: rows of string columns. */
  List<List<String>> query(String sql) throws SQLException {
    try (PreparedStatement s = connection().prepareStatement(sql);
        ResultSet r = s.executeQuery()) {
      int columns = r.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(r.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  // ------------------------------------------------------------------ source 3: the workflow

  /**
   * The order's workflow's view, with the refunds asked for after it ended folded in as their own
   * workflows ({@code refund/<orderId>/<refundId>}) report them: those are books of the order too.
   * Which late refunds there are comes from the ledger's shop refunds the order's view lacks.
   */
  OrderView workflowView(String orderId) {
    OrderView view = topology.client().newWorkflowStub(OrderPaymentWorkflow.class, orderId).view();
    Set<String> inView = new HashSet<>();
    view.refunds().stream()
        .filter(r -> r.kind() == RefundKind.REQUESTED)
        .forEach(r -> inView.add(r.refundId()));
    List<RefundView> late = new ArrayList<>();
    try {
      for (RefundRow row : refundRows(orderId)) {
        if (row.kind().equals(RefundKind.REQUESTED.name()) && !inView.contains(row.refundId())) {
          RefundView refund =
              topology
                  .client()
                  .newWorkflowStub(
                      LateRefundWorkflow.class,
                      LateRefundWorkflow.workflowId(orderId, row.refundId()))
                  .view();
          if (refund != null) {
            late.add(refund);
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the refunds could not be read", e);
    }
    return late.isEmpty() ? view : withLateRefunds(view, late);
  }

  /** What the order's book does when a refund succeeds (OrderBook#refundSucceeded). */
  private static OrderView withLateRefunds(OrderView view, List<RefundView> late) {
    Map<String, AttemptView> attempts = new LinkedHashMap<>();
    view.attempts().forEach(a -> attempts.put(a.attemptId(), a));
    long refunded = view.refundedMinor();
    OrderStatus status = view.status();
    for (RefundView refund : late) {
      if (refund.status() != RefundStatus.SUCCEEDED) {
        continue;
      }
      AttemptView a = attempts.get(refund.attemptId());
      long attemptRefunded = a.refundedMinor() + refund.amountMinor();
      a =
          new AttemptView(
              a.attemptId(),
              a.channel(),
              attemptRefunded >= a.capturedMinor() ? AttemptStatus.REFUNDED : a.status(),
              a.channelOrderId(),
              a.payUrl(),
              a.createdAtMillis(),
              a.capturedMinor(),
              attemptRefunded,
              a.note());
      attempts.put(a.attemptId(), a);
      refunded += refund.amountMinor();
      if (a.attemptId().equals(view.paidAttemptId())) {
        status =
            attemptRefunded >= a.capturedMinor()
                ? OrderStatus.REFUNDED
                : OrderStatus.PARTIALLY_REFUNDED;
      }
    }
    List<RefundView> refunds = new ArrayList<>(view.refunds());
    refunds.addAll(late);
    return new OrderView(
        view.orderId(),
        view.customerId(),
        view.amount(),
        view.description(),
        status,
        view.createdAtMillis(),
        view.expiresAtMillis(),
        view.paidAttemptId(),
        view.capturedMinor(),
        refunded,
        List.copyOf(attempts.values()),
        refunds,
        view.revision());
  }

  /**
   * Runs of each workflow id starting with {@code prefix}, through the SDK: run id to status (an
   * order whose run continued as new has one run per continuation).
   */
  Map<String, Map<String, WorkflowExecutionStatus>> executions(String prefix) {
    Map<String, Map<String, WorkflowExecutionStatus>> runs = new HashMap<>();
    topology
        .client()
        .listExecutions("WorkflowId STARTS_WITH '" + prefix + "'")
        .forEach(
            (WorkflowExecutionMetadata m) -> {
              WorkflowExecution e = m.getExecution();
              runs.computeIfAbsent(e.getWorkflowId(), k -> new LinkedHashMap<>())
                  .put(e.getRunId(), m.getStatus());
            });
    return runs;
  }

  // ------------------------------------------------------------------ the invariants of one order

  /**
   * Every disagreement between the three books for the scenario's order, and every answer the shop
   * got that the channels' books do not bear out ({@link ShopAnswers}). With {@code cheapFirst},
   * the workflow is only asked once payonce's ledger and the channels already agree (the poll
   * before settlement stays light).
   */
  Verdict check(FaultScenario scenario, boolean cheapFirst, long ledgerMaxAgeMs) {
    String orderId = scenario.orderId;
    List<String> problems = new ArrayList<>();
    OrderRow row;
    List<AttemptRow> attemptRows;
    List<RefundRow> refundRows;
    List<OrphanRow> orphanRows;
    try {
      row = orderRow(orderId);
      attemptRows = attemptRows(orderId);
      refundRows = refundRows(orderId);
      orphanRows = orphanRowsOf(orderId);
    } catch (SQLException e) {
      return new Verdict(List.of("payonce's ledger could not be read: " + e), "?", false);
    }
    if (row == null) {
      return new Verdict(List.of("no orders row for " + orderId), "?", false);
    }
    Map<String, Line> channels = channelLedger(ledgerMaxAgeMs);
    long amount = row.amount();
    if (amount != scenario.amountMinor()) {
      problems.add(
          "orders.amount_minor " + amount + " but the checkout answered " + scenario.amountMinor());
    }

    // payonce's ledger against the channels, attempt by attempt, each on its own channel. A capture
    // that came after the order's workflow ended is not in payment_attempts but in orphan_refunds
    // (the orphan workflow refunded it): payonce's books for the attempt are the two together. An
    // orphan refund of the same number at another channel (a stranger that borrowed an attempt id)
    // is that channel's line, checked with the unrecorded ones.
    Map<String, AttemptRow> byId = new LinkedHashMap<>();
    attemptRows.forEach(a -> byId.put(a.attemptId(), a));
    Map<String, Long> orphans = new HashMap<>();
    for (OrphanRow o : orphanRows) {
      orphans.merge(Line.key(o.channel(), o.attemptId()), o.amount(), Long::sum);
    }
    for (AttemptRow a : attemptRows) {
      Line line = channels.get(Line.key(a.channel(), a.attemptId()));
      long captured = line == null ? 0 : line.captured();
      long refunded = line == null ? 0 : line.refunded();
      long orphan = orphans.getOrDefault(Line.key(a.channel(), a.attemptId()), 0L);
      if (captured != a.captured() + orphan || refunded != a.refunded() + orphan) {
        problems.add(
            String.format(
                "attempt %s (%s, %s): the channel's ledger has captured %d refunded %d,"
                    + " payment_attempts has captured %d refunded %d%s",
                a.attemptId(),
                a.channel(),
                a.status(),
                captured,
                refunded,
                a.captured(),
                a.refunded(),
                orphan == 0 ? "" : ", orphan_refunds " + orphan));
      }
    }
    for (OrphanRow o : orphanRows) {
      if (!byId.containsKey(o.attemptId())) {
        problems.add(
            "orphan_refunds names attempt "
                + o.attemptId()
                + " of this order, payment_attempts does not");
      }
    }
    for (String known : scenario.attempts().keySet()) {
      if (!byId.containsKey(known)) {
        problems.add(
            "attempt " + known + " (answered to the shop by pay) is not in payment_attempts");
      }
    }

    // the money: what stays captured at the channels for the order's attempts
    long net = 0;
    for (AttemptRow a : attemptRows) {
      Line line = channels.get(Line.key(a.channel(), a.attemptId()));
      if (line != null) {
        net += line.captured() - line.refunded();
      }
    }
    OrderStatus ledgerStatus;
    try {
      ledgerStatus = OrderStatus.valueOf(row.status());
    } catch (IllegalArgumentException e) {
      problems.add("orders.status is " + row.status());
      return new Verdict(problems, row.status(), false);
    }
    long grantedInLedger =
        refundRows.stream()
            .filter(
                r ->
                    r.kind().equals(RefundKind.REQUESTED.name())
                        && r.status().equals(RefundStatus.SUCCEEDED.name()))
            .mapToLong(RefundRow::amount)
            .sum();
    if (ledgerStatus == OrderStatus.AWAITING_PAYMENT) {
      problems.add(
          "orders.status is still AWAITING_PAYMENT (expires "
              + java.time.Instant.ofEpochMilli(scenario.expiresAtMillis())
              + ")");
    } else {
      long expected = PAID.contains(ledgerStatus) ? amount - grantedInLedger : 0;
      if (net != expected) {
        problems.add(
            String.format(
                "net captured at the channels for the order's attempts is %d, expected %d (status"
                    + " %s, amount %d, refunds granted %d)",
                net, expected, ledgerStatus, amount, grantedInLedger));
      }
    }
    if (PAID.contains(ledgerStatus)) {
      AttemptRow kept = row.paidAttemptId() == null ? null : byId.get(row.paidAttemptId());
      Line keptLine =
          kept == null ? null : channels.get(Line.key(kept.channel(), kept.attemptId()));
      if (kept == null || keptLine == null || keptLine.captured() != amount) {
        problems.add(
            "the kept attempt "
                + row.paidAttemptId()
                + " did not capture the order amount "
                + amount
                + " at its channel: "
                + keptLine);
      }
    } else if (row.paidAttemptId() != null) {
      problems.add(
          "orders.paid_attempt_id is "
              + row.paidAttemptId()
              + " but the status is "
              + ledgerStatus);
    }
    for (RefundRow r : refundRows) {
      if (r.status().equals("PENDING") || r.status().equals("PROCESSING")) {
        problems.add(
            "refund "
                + r.refundId()
                + " ("
                + r.kind()
                + ") is still "
                + r.status()
                + " in payonce's ledger");
      }
    }
    for (AttemptRow a : attemptRows) {
      if (a.status().equals("OPEN")) {
        problems.add(
            "attempt "
                + a.attemptId()
                + " is still OPEN in payonce's ledger (order "
                + ledgerStatus
                + ")");
      }
      boolean isKept = a.attemptId().equals(row.paidAttemptId());
      if (isKept && orphans.containsKey(Line.key(a.channel(), a.attemptId()))) {
        problems.add("the kept attempt " + a.attemptId() + " was refunded by an orphan workflow");
      }
      if (!isKept && a.captured() != a.refunded()) {
        problems.add(
            "attempt "
                + a.attemptId()
                + " is not kept but keeps "
                + (a.captured() - a.refunded())
                + " captured in payonce's ledger");
      }
    }
    // the shop's refunds: no requested refund it never asked for; the answers it got are true
    Map<String, Long> asked = scenario.refundsAsked();
    for (RefundRow r : refundRows) {
      if (r.kind().equals(RefundKind.REQUESTED.name()) && !asked.containsKey(r.refundId())) {
        problems.add(
            "refund " + r.refundId() + " in payonce's ledger was never asked for by the shop");
      }
    }
    if (grantedInLedger > amount) {
      problems.add("refunds granted " + grantedInLedger + " exceed the order amount " + amount);
    }
    problems.addAll(
        ShopAnswers.problems(scenario.claims(), row, byId, refundRows, orphanRows, channels));
    if (shop != null) {
      try {
        problems.addAll(
            EventInvariant.problems(
                orderId,
                row,
                refundRows,
                eventRows(orderId),
                deliveryRows(orderId),
                shop.arrivals(orderId)));
      } catch (SQLException e) {
        problems.add("the order's events could not be read: " + e);
      }
    }

    if (cheapFirst && !problems.isEmpty()) {
      return new Verdict(problems, row.status(), false);
    }

    // the workflow: its view must be what the ledger says
    OrderView view;
    try {
      view = workflowView(orderId);
    } catch (RuntimeException e) {
      problems.add(
          "the workflow did not answer its view query: "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage());
      return new Verdict(problems, row.status(), false);
    }
    if (view.status() != ledgerStatus) {
      problems.add("the workflow says " + view.status() + ", orders.status says " + ledgerStatus);
    }
    if (!Objects.equals(view.paidAttemptId(), row.paidAttemptId())) {
      problems.add(
          "the workflow keeps "
              + view.paidAttemptId()
              + ", orders.paid_attempt_id is "
              + row.paidAttemptId());
    }
    if (view.capturedMinor() != row.captured() || view.refundedMinor() != row.refunded()) {
      problems.add(
          String.format(
              "the workflow has captured %d refunded %d, the orders row %d / %d",
              view.capturedMinor(), view.refundedMinor(), row.captured(), row.refunded()));
    }
    if (view.amount().minor() != amount || !view.amount().currency().equals(row.currency())) {
      problems.add(
          "the workflow's amount "
              + view.amount()
              + " differs from the orders row "
              + amount
              + " "
              + row.currency());
    }
    Set<String> viewIds = new LinkedHashSet<>();
    for (AttemptView a : view.attempts()) {
      viewIds.add(a.attemptId());
      AttemptRow r = byId.get(a.attemptId());
      if (r == null) {
        problems.add("attempt " + a.attemptId() + " of the workflow is not in payment_attempts");
      } else if (!r.status().equals(a.status().name())
          || r.captured() != a.capturedMinor()
          || r.refunded() != a.refundedMinor()) {
        problems.add(
            String.format(
                "attempt %s: the workflow has %s %d/%d, payment_attempts %s %d/%d",
                a.attemptId(),
                a.status(),
                a.capturedMinor(),
                a.refundedMinor(),
                r.status(),
                r.captured(),
                r.refunded()));
      }
    }
    for (String id : byId.keySet()) {
      if (!viewIds.contains(id)) {
        problems.add("attempt " + id + " of payment_attempts is not in the workflow's view");
      }
    }
    // a shop refund and an automatic one may share an id (two namespaces): keyed by kind too
    Map<String, RefundRow> refundsById = new HashMap<>();
    refundRows.forEach(r -> refundsById.put(r.kind() + ":" + r.refundId(), r));
    for (RefundView r : view.refunds()) {
      RefundRow l = refundsById.remove(r.kind().name() + ":" + r.refundId());
      if (l == null
          || l.amount() != r.amountMinor()
          || !l.status().equals(r.status().name())
          || !l.attemptId().equals(r.attemptId())
          || (r.refundNo() != null && !r.refundNo().equals(l.refundNo()))) {
        problems.add(
            "refund "
                + r.refundId()
                + ": the workflow has "
                + r.kind()
                + " "
                + r.status()
                + " "
                + r.amountMinor()
                + " on "
                + r.attemptId()
                + " as number "
                + r.refundNo()
                + ", the ledger "
                + l);
      }
    }
    if (!refundsById.isEmpty()) {
      problems.add("refunds in the ledger but not in the workflow: " + refundsById.keySet());
    }
    return new Verdict(problems, view.status().name(), true);
  }

  static long minor(String decimal, int digits) {
    return new BigDecimal(decimal).movePointRight(digits).longValueExact();
  }

  void close() {
    synchronized (opened) {
      for (Connection c : opened) {
        try {
          c.close();
        } catch (SQLException e) {
          // closing at the end of the run
        }
      }
      opened.clear();
    }
  }
}
