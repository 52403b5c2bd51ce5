package com.payonce.activities.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** All SQL on the merchant_endpoints table. */
public class MerchantEndpointsTable {
  private final JdbcClient jdbc;

  public MerchantEndpointsTable(DataSource dataSource) {
    this.jdbc = JdbcClient.create(dataSource);
  }

  /**
   * Registers an endpoint unless {@code max} are enabled already. One statement: two registrations
   * racing may both pass the count (read committed), so the cap can be passed by the racers, once.
   */
  public boolean createWithin(int max, String endpointId, String url, String secret) {
    return jdbc.sql(
                """
                INSERT INTO merchant_endpoints (endpoint_id, url, secret)
                SELECT :endpointId, :url, :secret
                WHERE (SELECT count(*) FROM merchant_endpoints WHERE enabled) < :max
                """)
            .param("endpointId", endpointId)
            .param("url", url)
            .param("secret", secret)
            .param("max", max)
            .update()
        == 1;
  }

  /**
   * The endpoint named in configuration: written at every start, so the configuration is the truth
   * (its previous secret signs until the configuration drops it).
   */
  public void configure(String endpointId, String url, String secret, String previousSecret) {
    jdbc.sql(
            """
            INSERT INTO merchant_endpoints (endpoint_id, url, secret, previous_secret)
            VALUES (:endpointId, :url, :secret, :previous)
            ON CONFLICT (endpoint_id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret,
                previous_secret = EXCLUDED.previous_secret, previous_secret_until = NULL,
                enabled = true
            """)
        .param("endpointId", endpointId)
        .param("url", url)
        .param("secret", secret)
        .param("previous", previousSecret)
        .update();
  }

  public List<MerchantEndpoint> enabled() {
    return jdbc.sql(
            "SELECT * FROM merchant_endpoints WHERE enabled ORDER BY created_at, endpoint_id")
        .query(MerchantEndpointsTable::endpoint)
        .list();
  }

  public Optional<MerchantEndpoint> find(String endpointId) {
    return jdbc.sql("SELECT * FROM merchant_endpoints WHERE endpoint_id = :endpointId")
        .param("endpointId", endpointId)
        .query(MerchantEndpointsTable::endpoint)
        .optional();
  }

  /** The current secret becomes the previous one, signing until {@code previousUntil}. */
  public boolean rotate(String endpointId, String newSecret, Instant previousUntil) {
    return jdbc.sql(
                """
                UPDATE merchant_endpoints SET previous_secret = secret,
                    previous_secret_until = :until, secret = :secret
                WHERE endpoint_id = :endpointId AND enabled
                """)
            .param("endpointId", endpointId)
            .param("secret", newSecret)
            .param("until", Timestamp.from(previousUntil))
            .update()
        == 1;
  }

  public boolean disable(String endpointId) {
    return jdbc.sql(
                "UPDATE merchant_endpoints SET enabled = false WHERE endpoint_id = :endpointId"
                    + " AND enabled")
            .param("endpointId", endpointId)
            .update()
        == 1;
  }

  static MerchantEndpoint endpoint(ResultSet row, int rowNum) throws SQLException {
    Timestamp until = row.getTimestamp("previous_secret_until");
    return new MerchantEndpoint(
        row.getString("endpoint_id"),
        row.getString("url"),
        row.getString("secret"),
        row.getString("previous_secret"),
        until == null ? null : until.toInstant(),
        row.getBoolean("enabled"),
        row.getTimestamp("created_at").toInstant());
  }
}
