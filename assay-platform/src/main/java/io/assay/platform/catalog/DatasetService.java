package io.assay.platform.catalog;

import io.assay.engine.AssayException;
import io.assay.engine.Column;
import io.assay.engine.Engine;
import io.assay.engine.RelationInfo;
import io.assay.engine.RelationRef;
import io.assay.engine.RowStream;
import io.assay.engine.Session;
import io.assay.engine.SqlStatement;
import io.assay.platform.export.Values;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Reading and removing datasets: the catalog as users see it. */
public final class DatasetService {

    /** Rows read to find example values: enough to show variety, little enough to cost nothing. */
    private static final int EXAMPLE_ROWS = 200;
    private static final int EXAMPLES = 3;
    private static final int EXAMPLE_LENGTH = 40;

    private final Engine warehouse;
    private final DatasetCatalog catalog;

    public DatasetService(Engine warehouse, DatasetCatalog catalog) {
        this.warehouse = warehouse;
        this.catalog = catalog;
    }

    public List<Dataset> list() {
        return catalog.list();
    }

    public Dataset get(String name) {
        return catalog.require(name);
    }

    /** Columns, types, nullability and a few example values, from the catalog and the first rows. */
    public DatasetDescription describe(String name) {
        Dataset d = catalog.require(name);
        try (Session s = warehouse.openSession()) {
            RelationInfo info = s.describe(d.relation()).orElseThrow(() -> missingTable(d));
            List<Column> columns = info.columns();
            List<Set<String>> examples = new ArrayList<>();
            columns.forEach(c -> examples.add(new LinkedHashSet<>()));
            try (RowStream rows = s.query(SqlStatement.of("SELECT * FROM " + warehouse.dialect().qualify(d.relation()) + " "
                    + warehouse.dialect().limitClause(EXAMPLE_ROWS)))) {
                while (rows.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        Object v = rows.get(i);
                        if (v != null && examples.get(i).size() < EXAMPLES) {
                            examples.get(i).add(Values.abbreviate(Values.toText(v), EXAMPLE_LENGTH));
                        }
                    }
                }
            }
            List<DatasetDescription.ColumnInfo> out = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                out.add(new DatasetDescription.ColumnInfo(c.name(), c.type(), c.nullable(), List.copyOf(examples.get(i))));
            }
            return new DatasetDescription(d, out);
        }
    }

    /** Streams the rows that did not load, in file order, to {@code reader}. */
    public <T> T rejects(String name, long limit, Function<RowStream, T> reader) {
        Dataset d = catalog.require(name);
        RelationRef rejects = catalog.rejectsOf(d.name());
        try (Session s = warehouse.openSession()) {
            String sql = s.describe(rejects).isPresent()
                    ? "SELECT * FROM " + warehouse.dialect().qualify(rejects) + " ORDER BY line " + warehouse.dialect().limitClause(limit)
                    : "SELECT CAST(NULL AS BIGINT) AS line, '' AS column_name, '' AS error, '' AS raw_line WHERE 1 = 0";
            try (RowStream rows = s.query(SqlStatement.of(sql))) {
                return reader.apply(rows);
            }
        }
    }

    /** Drops a dataset, its rejected rows and its catalog entry, together. */
    public void delete(String name) {
        Dataset d = catalog.require(name);
        try (Session s = warehouse.openSession()) {
            s.inTransaction(tx -> {
                tx.execute(SqlStatement.of("DROP TABLE IF EXISTS " + warehouse.dialect().qualify(d.relation())));
                tx.execute(SqlStatement.of("DROP TABLE IF EXISTS " + warehouse.dialect().qualify(catalog.rejectsOf(d.name()))));
                catalog.remove(tx, d.name());
                return null;
            });
        }
    }

    private static AssayException missingTable(Dataset d) {
        return AssayException.of(io.assay.engine.ErrorCode.NOT_FOUND, "The dataset '" + d.name()
                        + "' is registered but its table " + d.relation() + " is gone from the warehouse.")
                .hint("Import it again, replacing it, or delete it.").remedy("replace-or-delete", "dataset", d.name())
                .build();
    }
}
