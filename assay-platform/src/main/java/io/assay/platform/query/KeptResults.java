package io.assay.platform.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.ColumnType;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.QueryOptions;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.auth.DatasetAccess;
import io.assay.platform.auth.Principal;
import io.assay.platform.catalog.DatasetName;
import io.assay.platform.export.ResultWriter;
import io.assay.platform.store.Ids;
import io.assay.platform.store.MetadataStore;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Query results kept in the warehouse for paging and later download: a table per result in the
 * results schema (the rows never pass through Java), a record in the metadata store, dropped after
 * {@link #TTL}. A kept result answers its owner (or an admin) only while they may still read every
 * dataset its query read: access is checked on every fetch, not only when the result was made.
 */
public final class KeptResults {

    /** How long a kept result may be paged before it is dropped. */
    public static final Duration TTL = Duration.ofHours(1);
    /** The most rows one page may hold. */
    public static final int MAX_PAGE = 10_000;
    private static final String SCHEMA = "assay_results";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine warehouse;
    private final MetadataStore store;
    private final DatasetAccess access;
    private final Clock clock;

    public KeptResults(Engine warehouse, MetadataStore store, DatasetAccess access, Clock clock) {
        this.warehouse = warehouse;
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    /** A result kept in the warehouse for paging, with the datasets its query read. */
    public record StoredResult(String id, String owner, String sql, List<Column> columns, long rows, Instant createdAt, Instant expiresAt,
                               Set<String> datasets) {
        public StoredResult {
            columns = List.copyOf(columns);
            datasets = Set.copyOf(datasets);
        }
    }

    /** One page of a kept result. */
    public record Page(List<Column> columns, List<Object[]> rows, long offset, long totalRows) {
        public Page {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }

        public OptionalLong nextOffset() {
            long next = offset + rows.size();
            return next < totalRows && !rows.isEmpty() ? OptionalLong.of(next) : OptionalLong.empty();
        }
    }

    /**
     * Runs a cleared query into a new result table on {@code s}, at most {@code cap} rows, and records it
     * for {@code owner}. A failure leaves no table behind.
     */
    StoredResult create(Session s, Principal owner, String sql, List<Object> params, QueryOptions options, long cap, Set<String> datasets) {
        String id = Ids.newId();
        Dialect d = warehouse.dialect();
        RelationRef table = table(id);
        try {
            s.execute(SqlStatement.of("CREATE SCHEMA IF NOT EXISTS " + d.quoteIdentifier(SCHEMA)));
            String select = "SELECT * FROM (" + sql + "\n) AS q" + (cap < Long.MAX_VALUE ? " " + d.limitClause(cap) : "");
            String create = "CREATE TABLE " + d.qualify(table) + " AS " + select;
            try {
                s.execute(new SqlStatement(create, params), options);
            } catch (AssayException e) {
                // Told in the caller's SQL, not in the statement wrapped around it.
                throw SqlErrorPlace.inCallersSql(e, create, create.indexOf(select) + "SELECT * FROM (".length(), sql);
            }
            long rows;
            try (RowStream count = s.query(SqlStatement.of("SELECT count(*) FROM " + d.qualify(table)))) {
                count.next();
                rows = ((Number) count.get(0)).longValue();
            }
            List<Column> columns = s.describe(table).map(RelationInfo::columns).orElse(List.of());
            Instant now = clock.instant();
            StoredResult result = new StoredResult(id, owner.name(), sql, columns, rows, now, now.plus(TTL), datasets);
            store.update("INSERT INTO query_results (id, owner, sql_text, row_count, columns_json, created_at, expires_at, datasets) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, owner.name(), sql, rows, columnsJson(columns), now, result.expiresAt(),
                    String.join(",", new TreeSet<>(datasets)));
            return result;
        } catch (AssayException e) {
            drop(table);
            throw e;
        } catch (RuntimeException | JsonProcessingException e) {
            drop(table);
            throw AssayException.internal("Keeping the query result failed unexpectedly", e);
        }
    }

    /** A kept result of the caller's (an admin: anyone's) that the caller may still read; NOT_FOUND otherwise. */
    public StoredResult stored(Principal caller, String id) {
        Optional<StoredResult> r = store.queryOne("SELECT * FROM query_results WHERE id = ?", row -> new StoredResult(row.string("id"),
                row.string("owner"), row.string("sql_text"), parseColumns(row.string("columns_json")), row.longValue("row_count"),
                row.instant("created_at"), row.instant("expires_at"), datasetSet(row.optionalString("datasets").orElse(""))), id);
        if (r.isEmpty() || (!caller.isAdmin() && !r.get().owner().equals(caller.name())) || !clock.instant().isBefore(r.get().expiresAt())
                || !mayStillRead(caller, r.get().datasets())) {
            throw AssayException.of(ErrorCode.NOT_FOUND, "There is no kept result with id '" + id + "' (results are kept for "
                            + TTL.toMinutes() + " minutes).")
                    .hint("Run the query again.").detail("parameter", "resultId").build();
        }
        return r.get();
    }

    /** True when the caller may read every one of {@code datasets} now. */
    public boolean mayStillRead(Principal caller, Collection<String> datasets) {
        return caller.isAdmin() || datasets.stream().allMatch(d -> access.canRead(caller, DatasetName.of(d)));
    }

    /** Rows {@code offset} to {@code offset + limit} of a kept result, in the query's order. */
    Page page(Principal caller, String id, long offset, int limit, QueryOptions options) {
        StoredResult r = stored(caller, id);
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A page is 1 to " + MAX_PAGE + " rows from an offset of 0 or more.")
                    .detail("parameter", "limit").build();
        }
        List<Object[]> rows = new ArrayList<>();
        try (Session s = warehouse.openSession();
             RowStream rs = s.query(SqlStatement.of(select(id) + " LIMIT ? OFFSET ?", limit, offset), options)) {
            int n = rs.columns().size();
            while (rs.next()) {
                Object[] row = new Object[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.get(i);
                }
                rows.add(row);
            }
        }
        return new Page(r.columns(), rows, offset, r.rows());
    }

    /** Streams a whole kept result through a writer. */
    long download(Principal caller, String id, ResultWriter writer, OutputStream out, QueryOptions options) throws IOException {
        stored(caller, id);
        try (Session s = warehouse.openSession(); RowStream rs = s.query(SqlStatement.of(select(id)), options)) {
            return writer.write(rs, out);
        }
    }

    /** Drops kept results past their time; answers how many. */
    public int dropExpired() {
        List<String> ids = store.query("SELECT id FROM query_results WHERE expires_at < ?", r -> r.string("id"), clock.instant());
        for (String id : ids) {
            drop(table(id));
            store.update("DELETE FROM query_results WHERE id = ?", id);
        }
        return ids.size();
    }

    private String select(String id) {
        Dialect d = warehouse.dialect();
        return "SELECT * FROM " + d.qualify(table(id)) + d.storageOrder().map(o -> " ORDER BY " + o).orElse("");
    }

    private void drop(RelationRef table) {
        try (Session s = warehouse.openSession()) {
            s.execute(SqlStatement.of("DROP TABLE IF EXISTS " + warehouse.dialect().qualify(table)));
        } catch (RuntimeException e) {
            // Dropped on the next sweep.
        }
    }

    private static RelationRef table(String id) {
        return new RelationRef(SCHEMA, "r_" + id);
    }

    private static Set<String> datasetSet(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    private static String columnsJson(List<Column> columns) throws JsonProcessingException {
        List<List<Object>> out = new ArrayList<>();
        for (Column c : columns) {
            out.add(List.of(c.name(), c.type().kind().name(), c.type().nativeName(), c.nullable()));
        }
        return JSON.writeValueAsString(out);
    }

    private static List<Column> parseColumns(String json) {
        try {
            List<List<Object>> raw = JSON.readValue(json, new TypeReference<>() { });
            List<Column> out = new ArrayList<>();
            for (List<Object> c : raw) {
                out.add(new Column((String) c.get(0), new ColumnType(ColumnType.Kind.valueOf((String) c.get(1)), (String) c.get(2)),
                        (Boolean) c.get(3)));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept result's columns are malformed", e);
        }
    }
}
