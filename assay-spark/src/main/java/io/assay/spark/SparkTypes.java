package io.assay.spark;

import io.assay.engine.Column;
import io.assay.engine.ColumnType;
import io.assay.engine.ColumnType.Kind;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Spark's types as Assay's kinds, and Spark's Java values as the plain values {@link io.assay.engine.RowStream} promises. */
final class SparkTypes {

    private SparkTypes() {
    }

    static List<Column> columns(StructType schema) {
        List<Column> columns = new ArrayList<>();
        for (StructField f : schema.fields()) {
            columns.add(new Column(f.name(), type(f.dataType()), f.nullable()));
        }
        return columns;
    }

    static ColumnType type(DataType type) {
        String name = type.simpleString();
        return new ColumnType(kindOf(name), name);
    }

    /** From Spark's type names ({@code int}, {@code decimal(12,2)}, {@code timestamp_ntz}, {@code array<string>}). */
    static Kind kindOf(String simpleName) {
        String t = simpleName.toLowerCase(Locale.ROOT).trim();
        int paren = t.indexOf('(');
        String base = paren < 0 ? t : t.substring(0, paren);
        if (base.startsWith("array<") || base.startsWith("map<") || base.startsWith("struct<")) {
            return Kind.NESTED;
        }
        if (base.startsWith("interval")) {
            return Kind.INTERVAL;
        }
        return switch (base) {
            case "boolean" -> Kind.BOOLEAN;
            case "tinyint", "smallint", "int", "bigint", "byte", "short", "integer", "long" -> Kind.INTEGER;
            case "decimal" -> Kind.DECIMAL;
            case "float", "double" -> Kind.FLOAT;
            case "string", "varchar", "char" -> Kind.TEXT;
            case "date" -> Kind.DATE;
            case "timestamp_ntz" -> Kind.TIMESTAMP;
            case "timestamp", "timestamp_ltz" -> Kind.TIMESTAMP_TZ;
            case "binary" -> Kind.BINARY;
            case "variant" -> Kind.JSON;
            default -> Kind.OTHER;
        };
    }

    /** One value of a row as a plain Java value. */
    static Object value(Row row, int index, Kind kind) {
        if (row.isNullAt(index)) {
            return null;
        }
        return plain(row.get(index), kind);
    }

    private static Object plain(Object v, Kind kind) {
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String
                || v instanceof BigDecimal || v instanceof byte[] || v instanceof LocalDate || v instanceof LocalDateTime) {
            return v;
        }
        if (v instanceof scala.math.BigDecimal d) {
            return d.bigDecimal();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof Timestamp ts) {
            // The engine's sessions run in UTC: the instant's wall clock there.
            return ts.toInstant().atOffset(ZoneOffset.UTC);
        }
        if (v instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (v instanceof scala.collection.Seq<?> seq) {
            List<Object> list = new ArrayList<>();
            scala.collection.Iterator<?> it = seq.iterator();
            while (it.hasNext()) {
                list.add(plain(it.next(), Kind.OTHER));
            }
            return list;
        }
        if (v instanceof java.util.List<?> l) {
            List<Object> list = new ArrayList<>();
            for (Object o : l) {
                list.add(plain(o, Kind.OTHER));
            }
            return list;
        }
        return String.valueOf(v);
    }
}
