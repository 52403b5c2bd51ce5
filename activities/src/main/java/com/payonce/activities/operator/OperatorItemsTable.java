package com.payonce.activities.operator;

import com.payonce.workflows.operator.NewOperatorItem;
import com.payonce.workflows.operator.OperatorReason;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** All SQL on operator_items and its audit trail, operator_item_actions. */
public class OperatorItemsTable {
  /** What payonce signs its own actions with in the trail. */
  public static final String PAYONCE = "payonce";

  private static final String COLUMNS =
      "item_id, item_key, reason, status, order_id, channel, attempt_id, refund_no, detail,"
          + " created_at, updated_at";

  private final JdbcClient jdbc;

  public OperatorItemsTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /** The new item's id, or empty when its key is already in the queue (open or resolved). */
  public Optional<Long> insert(NewOperatorItem item) {
    Optional<Long> id =
        jdbc.sql(
                """
                INSERT INTO operator_items (item_key, reason, order_id, channel, attempt_id,
                                            refund_no, detail)
                VALUES (:key, :reason, :orderId, :channel, :attemptId, :refundNo, :detail)
                ON CONFLICT (item_key) DO NOTHING
                RETURNING item_id
                """)
            .param("key", item.itemKey())
            .param("reason", item.reason().name())
            .param("orderId", item.orderId())
            .param("channel", item.channel())
            .param("attemptId", item.attemptId())
            .param("refundNo", item.refundNo())
            .param("detail", item.detail())
            .query(Long.class)
            .optional();
    id.ifPresent(itemId -> addAction(itemId, "CREATED", PAYONCE, null));
    return id;
  }

  public Optional<Long> idOf(String itemKey) {
    return jdbc.sql("SELECT item_id FROM operator_items WHERE item_key = :key")
        .param("key", itemKey)
        .query(Long.class)
        .optional();
  }

  public Optional<OperatorItem> find(long itemId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM operator_items WHERE item_id = :id")
        .param("id", itemId)
        .query((row, n) -> item(row, actions(row.getLong("item_id"))))
        .optional();
  }

  /**
   * Oldest first (a queue is worked in order), after the cursor; null filters match everything.
   * Without their trails: a list shows the situations, one item shows what was done.
   */
  public List<OperatorItem> list(
      OperatorItem.Status status, OperatorReason reason, String orderId, long afterId, int limit) {
    return jdbc.sql(
            """
            SELECT %s FROM operator_items
            WHERE item_id > :after
              AND (CAST(:status AS varchar) IS NULL OR status = :status)
              AND (CAST(:reason AS varchar) IS NULL OR reason = :reason)
              AND (CAST(:orderId AS varchar) IS NULL OR order_id = :orderId)
            ORDER BY item_id LIMIT :limit
            """
                .formatted(COLUMNS))
        .param("after", afterId)
        .param("status", status == null ? null : status.name())
        .param("reason", reason == null ? null : reason.name())
        .param("orderId", orderId)
        .param("limit", limit)
        .query((row, n) -> item(row, List.of()))
        .list();
  }

  /** Items waiting (open or being retried) per reason, every reason present: the gauge. */
  public Map<OperatorReason, Long> openByReason() {
    Map<OperatorReason, Long> counts = new java.util.EnumMap<>(OperatorReason.class);
    for (OperatorReason reason : OperatorReason.values()) {
      counts.put(reason, 0L);
    }
    jdbc.sql(
            """
            SELECT reason, count(*) AS n FROM operator_items
            WHERE status IN ('OPEN', 'RETRYING') GROUP BY reason
            """)
        .query(
            row -> {
              counts.put(OperatorReason.valueOf(row.getString("reason")), row.getLong("n"));
            });
    return counts;
  }

  /**
   * Moves the item to {@code status} and adds the action to its trail, in the caller's transaction;
   * false when it was not in {@code from} (someone else moved it first).
   */
  public boolean move(
      long itemId,
      OperatorItem.Status from,
      OperatorItem.Status to,
      String action,
      String actor,
      String note) {
    int moved =
        jdbc.sql(
                """
                UPDATE operator_items SET status = :to, updated_at = now()
                WHERE item_id = :id AND status = :from
                """)
            .param("id", itemId)
            .param("from", from.name())
            .param("to", to.name())
            .update();
    if (moved == 1) {
      addAction(itemId, action, actor, note);
    }
    return moved == 1;
  }

  /** Adds an action that does not change the status (a retry asked). */
  public void addAction(long itemId, String action, String actor, String note) {
    jdbc.sql(
            """
            INSERT INTO operator_item_actions (item_id, action, actor, note)
            VALUES (:id, :action, :actor, :note)
            """)
        .param("id", itemId)
        .param("action", action)
        .param("actor", actor)
        .param("note", note)
        .update();
  }

  private List<OperatorItem.Action> actions(long itemId) {
    return jdbc.sql(
            """
            SELECT action, actor, note, at FROM operator_item_actions
            WHERE item_id = :id ORDER BY action_id
            """)
        .param("id", itemId)
        .query(
            (row, n) ->
                new OperatorItem.Action(
                    row.getString("action"),
                    row.getString("actor"),
                    row.getString("note"),
                    row.getTimestamp("at").toInstant()))
        .list();
  }

  private static OperatorItem item(ResultSet row, List<OperatorItem.Action> actions)
      throws SQLException {
    return new OperatorItem(
        row.getLong("item_id"),
        row.getString("item_key"),
        OperatorReason.valueOf(row.getString("reason")),
        OperatorItem.Status.valueOf(row.getString("status")),
        row.getString("order_id"),
        row.getString("channel"),
        row.getString("attempt_id"),
        row.getString("refund_no"),
        row.getString("detail"),
        row.getTimestamp("created_at").toInstant(),
        row.getTimestamp("updated_at").toInstant(),
        actions);
  }
}
