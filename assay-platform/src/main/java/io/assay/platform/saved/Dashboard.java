package io.assay.platform.saved;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A dashboard: a grid of cards and the filters that set its charts' query parameters; owned and shared as saved charts are.
 */
public record Dashboard(String id, String owner, String name, Optional<String> description, List<Card> cards, List<Filter> filters,
                        Instant createdAt, Instant updatedAt) {

    /** The grid's width in columns: a card spans {@code w} of them from column {@code x}. */
    public static final int GRID_COLUMNS = 12;

    public Dashboard {
        cards = List.copyOf(cards);
        filters = List.copyOf(filters);
    }

    /** What a card shows. */
    public enum CardKind {
        /** A saved chart's result. */
        CHART,
        /** Markdown text. */
        TEXT,
        /** One number from a saved chart's result: its last row's value, and the change from the row before (the previous period). */
        KPI
    }

    /**
     * A card at {@code (x, y)} spanning {@code w} columns and {@code h} rows of the grid.
     *
     * @param value the column a KPI shows (default: the chart's first y)
     */
    public record Card(String id, CardKind kind, int x, int y, int w, int h, Optional<String> chartId, Optional<String> markdown,
                       Optional<String> title, Optional<String> value) {
        public Card {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** The kinds of filter, each bound to parameters of one type. */
    public enum FilterKind {
        /** Two date parameters: the first day and the last. */
        DATE_RANGE(QueryParameter.Type.DATE, 2),
        /** One text parameter. */
        CATEGORY(QueryParameter.Type.TEXT, 1),
        /** One number parameter. */
        NUMBER(QueryParameter.Type.NUMBER, 1);

        public final QueryParameter.Type type;
        public final int parameters;

        FilterKind(QueryParameter.Type type, int parameters) {
            this.type = type;
            this.parameters = parameters;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A filter: its value sets {@code parameters} (by name) in every chart card whose query declares them, as engine values.
     * {@code defaults} holds one default (or empty) per parameter.
     */
    public record Filter(String name, FilterKind kind, List<String> parameters, List<Optional<String>> defaults) {
        public Filter {
            parameters = List.copyOf(parameters);
            defaults = List.copyOf(defaults);
        }
    }

    /** What a caller gives to make or change a dashboard. */
    public record Draft(String name, Optional<String> description, List<Card> cards, List<Filter> filters) {
        public Draft {
            cards = List.copyOf(cards);
            filters = List.copyOf(filters);
        }
    }
}
