package io.assay.engine;

import java.util.List;

/** A row stream that passes everything to another; subclasses override what they watch or change. */
public abstract class ForwardingRowStream implements RowStream {

    protected final RowStream rows;

    protected ForwardingRowStream(RowStream rows) {
        this.rows = rows;
    }

    @Override
    public List<Column> columns() {
        return rows.columns();
    }

    @Override
    public boolean next() {
        return rows.next();
    }

    @Override
    public Object get(int index) {
        return rows.get(index);
    }

    @Override
    public long rowCount() {
        return rows.rowCount();
    }

    @Override
    public boolean truncated() {
        return rows.truncated();
    }

    @Override
    public void close() {
        rows.close();
    }
}
