package io.assay.platform.export;

import io.assay.engine.Column;
import io.assay.engine.ColumnType;
import io.assay.engine.RowStream;

import java.util.ArrayList;
import java.util.List;

/** A small result held in memory (a list of datasets, a few facts), so it prints like any other result. */
public final class ListRowStream implements RowStream {

    private final List<Column> columns;
    private final List<Object[]> rows;
    private int position = -1;

    public ListRowStream(List<Column> columns, List<Object[]> rows) {
        this.columns = List.copyOf(columns);
        this.rows = new ArrayList<>(rows);
    }

    /** A column of the given kind, named for display. */
    public static Column column(String name, ColumnType.Kind kind) {
        return new Column(name, new ColumnType(kind, kind.name().toLowerCase(java.util.Locale.ROOT)), true);
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (position + 1 >= rows.size()) {
            position = rows.size();
            return false;
        }
        position++;
        return true;
    }

    @Override
    public Object get(int index) {
        return rows.get(position)[index];
    }

    @Override
    public long rowCount() {
        return Math.min(position + 1, rows.size());
    }

    @Override
    public boolean truncated() {
        return false;
    }

    @Override
    public void close() {
        // Nothing to release: the rows are in memory.
    }
}
