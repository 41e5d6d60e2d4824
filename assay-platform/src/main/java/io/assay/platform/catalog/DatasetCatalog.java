package io.assay.platform.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.engine.AssayException;
import io.assay.engine.Dialect;
import io.assay.engine.Engine;
import io.assay.engine.ErrorCode;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.text.Suggestions;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The register of datasets. It lives in the warehouse itself (schema {@value #SCHEMA}), so that a
 * dataset's table and its entry change in one transaction: an import either swaps both or neither.
 */
public final class DatasetCatalog {

    public static final String SCHEMA = "assay_meta";
    /** Where rejected rows of each dataset are kept, one table per dataset, named like it. */
    public static final String REJECTS_SCHEMA = "assay_rejects";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "name, source, format, options, row_count, column_count, source_bytes, "
            + "stored_bytes, rejected_rows, imported_at, updated_at";

    private final Engine warehouse;
    private final Dialect dialect;
    private final String table;

    public DatasetCatalog(Engine warehouse) {
        this.warehouse = warehouse;
        this.dialect = warehouse.dialect();
        this.table = dialect.qualify(new RelationRef(SCHEMA, "datasets"));
        try (Session s = warehouse.openSession()) {
            s.execute(SqlStatement.of("CREATE SCHEMA IF NOT EXISTS " + dialect.quoteIdentifier(SCHEMA)));
            s.execute(SqlStatement.of("CREATE SCHEMA IF NOT EXISTS " + dialect.quoteIdentifier(REJECTS_SCHEMA)));
            s.execute(SqlStatement.of("CREATE TABLE IF NOT EXISTS " + table + " (name VARCHAR NOT NULL, source VARCHAR NOT NULL, "
                    + "format VARCHAR NOT NULL, options VARCHAR NOT NULL, row_count BIGINT NOT NULL, column_count INTEGER NOT NULL, "
                    + "source_bytes BIGINT NOT NULL, stored_bytes BIGINT NOT NULL, rejected_rows BIGINT NOT NULL, "
                    + "imported_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)"));
        }
    }

    /** The table a dataset of this name lives in. */
    public RelationRef relationOf(String name) {
        return new RelationRef(dialect.defaultSchema(), name);
    }

    /** The table holding a dataset's rejected rows. */
    public RelationRef rejectsOf(String name) {
        return new RelationRef(REJECTS_SCHEMA, name);
    }

    public List<Dataset> list() {
        try (Session s = warehouse.openSession()) {
            return read(s, SqlStatement.of("SELECT " + COLUMNS + " FROM " + table + " ORDER BY name"));
        }
    }

    public Optional<Dataset> find(String name) {
        try (Session s = warehouse.openSession()) {
            return find(s, name);
        }
    }

    /** Looks a dataset up inside a session (and so inside its transaction). */
    public Optional<Dataset> find(Session s, String name) {
        return read(s, SqlStatement.of("SELECT " + COLUMNS + " FROM " + table + " WHERE name = ?", name)).stream().findFirst();
    }

    /** The dataset, or {@link ErrorCode#NOT_FOUND} naming the closest existing names. */
    public Dataset require(String name) {
        return find(name).orElseThrow(() -> notFound(name));
    }

    public AssayException notFound(String name) {
        List<String> names = list().stream().map(Dataset::name).toList();
        List<String> close = Suggestions.closest(name, names, 3);
        String hint = names.isEmpty() ? "There are no datasets yet; import one first."
                : close.isEmpty() ? "List the datasets to find the name."
                : "Did you mean " + String.join(", ", close) + "?";
        return AssayException.of(ErrorCode.NOT_FOUND, "There is no dataset named '" + name + "'.")
                .hint(hint)
                .remedy(names.isEmpty() ? "import-first" : close.isEmpty() ? "list" : "did-you-mean", "what", "datasets")
                .detail("parameter", "dataset")
                .build();
    }

    /** Registers or updates a dataset; call inside the transaction that changed its table. */
    public void put(Session s, Dataset d) {
        s.execute(SqlStatement.of("DELETE FROM " + table + " WHERE name = ?", d.name()));
        s.execute(SqlStatement.of("INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                d.name(), d.source(), d.format(), toJson(d.options()), d.rows(), d.columns(), d.sourceBytes(),
                d.storedBytes(), d.rejectedRows(), timestamp(d.importedAt()), timestamp(d.updatedAt())));
    }

    /** Removes a dataset's entry; call inside the transaction that drops its table. */
    public void remove(Session s, String name) {
        s.execute(SqlStatement.of("DELETE FROM " + table + " WHERE name = ?", name));
    }

    private List<Dataset> read(Session s, SqlStatement sql) {
        List<Dataset> out = new ArrayList<>();
        try (RowStream r = s.query(sql)) {
            while (r.next()) {
                String name = (String) r.get(0);
                out.add(new Dataset(name, relationOf(name), (String) r.get(1), (String) r.get(2), fromJson((String) r.get(3)),
                        ((Number) r.get(4)).longValue(), ((Number) r.get(5)).intValue(), ((Number) r.get(6)).longValue(),
                        ((Number) r.get(7)).longValue(), ((Number) r.get(8)).longValue(), instant(r.get(9)), instant(r.get(10))));
            }
        }
        return out;
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(i, ZoneOffset.UTC));
    }

    private static Instant instant(Object v) {
        return ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
    }

    private static String toJson(Map<String, String> options) {
        try {
            return JSON.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw AssayException.internal("Cannot record import options", e);
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw AssayException.internal("The catalog holds unreadable import options: " + json, e);
        }
    }
}
