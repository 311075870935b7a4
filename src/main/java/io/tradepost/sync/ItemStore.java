package io.tradepost.sync;

import io.tradepost.platform.DbTime;
import io.tradepost.platform.MultiRowInsert;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes what a run fetched into {@code sync_items}: hashes are compared with the stored ones and
 * only new, changed, restored or removed rows are written, each kind in one set-based statement
 * (a multi-row INSERT, batched UPDATEs) — a run with no upstream change issues no write at all.
 */
@Component
class ItemStore {

  private static final MultiRowInsert INSERT = new MultiRowInsert("sync_items",
      "source", "external_id", "title", "body", "attributes", "content_hash", "created_at", "updated_at");
  private static final MultiRowInsert REJECT = new MultiRowInsert("sync_rejects",
      "run_id", "source", "external_id", "reason", "raw_record", "rejected_at");

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final AtomicLong writeStatements = new AtomicLong();

  ItemStore(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** What one write changed. */
  record Counts(int created, int updated, int unchanged, int removed) {}

  /**
   * Brings the source's items in line with {@code records}. With {@code complete}, items the source
   * no longer returned are marked removed; after an incomplete run nothing is removed.
   */
  Counts write(String source, List<SyncRecord> records, boolean complete, Instant now) {
    var incoming = new LinkedHashMap<String, SyncRecord>();
    records.forEach(r -> incoming.put(r.externalId(), r));
    var stored = storedHashes(source);
    var at = DbTime.toDb(now);
    var inserts = new ArrayList<Object[]>();
    var updates = new ArrayList<Object[]>();
    int unchanged = 0;
    for (var record : incoming.values()) {
      var existing = stored.get(record.externalId());
      if (existing == null) {
        inserts.add(new Object[] {source, record.externalId(), record.title(), record.body(),
            record.attributes(), record.hash(), at, at});
      } else if (!existing.hash().equals(record.hash()) || existing.removed()) {
        updates.add(new Object[] {record.title(), record.body(), record.attributes(), record.hash(), at,
            source, record.externalId()});
      } else {
        unchanged++;
      }
    }
    if (!inserts.isEmpty()) {
      writeStatements.incrementAndGet();
      INSERT.insert(jdbc, inserts);
    }
    if (!updates.isEmpty()) {
      writeStatements.incrementAndGet();
      batch.batchUpdate("""
          UPDATE sync_items SET title = ?, body = ?, attributes = ?, content_hash = ?, updated_at = ?,
                 removed_at = NULL
           WHERE source = ? AND external_id = ?""", updates);
    }
    int removed = 0;
    if (complete) {
      var gone = new ArrayList<Object[]>();
      stored.forEach((externalId, row) -> {
        if (!row.removed() && !incoming.containsKey(externalId)) {
          gone.add(new Object[] {at, at, source, externalId});
        }
      });
      if (!gone.isEmpty()) {
        writeStatements.incrementAndGet();
        batch.batchUpdate(
            "UPDATE sync_items SET removed_at = ?, updated_at = ? WHERE source = ? AND external_id = ?", gone);
      }
      removed = gone.size();
    }
    return new Counts(inserts.size(), updates.size(), unchanged, removed);
  }

  void reject(long runId, String source, List<SyncRecord.Reject> rejects, Instant now) {
    if (rejects.isEmpty()) {
      return;
    }
    var at = DbTime.toDb(now);
    var rows = new ArrayList<Object[]>(rejects.size());
    for (var r : rejects) {
      rows.add(new Object[] {runId, source, r.externalId(), truncate(r.reason(), 500), r.raw(), at});
    }
    REJECT.insert(jdbc, rows);
  }

  /** Write statements issued so far (for tests that prove an unchanged re-sync writes nothing). */
  long writeStatements() {
    return writeStatements.get();
  }

  private record Stored(String hash, boolean removed) {}

  /**
   * The source's stored hashes in one streamed read: the comparison needs them for every incoming
   * record, and the removal check needs every stored id anyway, so one pass serves both.
   */
  private Map<String, Stored> storedHashes(String source) {
    var stored = new HashMap<String, Stored>();
    jdbc.sql("SELECT external_id, content_hash, removed_at FROM sync_items WHERE source = ?")
        .param(source)
        .query(rs -> {
          stored.put(rs.getString(1), new Stored(rs.getString(2), rs.getObject(3) != null));
        });
    return stored;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
