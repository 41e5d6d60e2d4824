package io.assay.platform.ask;

import java.util.List;
import java.util.Objects;

/**
 * The SQL a question was turned into, with what it means in words.
 *
 * @param dataset     the dataset the SQL reads
 * @param sql         one SELECT in the engine's dialect, values written as literals so that it can be read and edited
 * @param explanation one line in words: "sum of quantity per product, March only, the 3 largest"
 * @param matched     what the question's words were taken for ("japan" &rarr; Origin = 'Japan', "weight in lbs" &rarr; column Weight_in_lbs)
 * @param source      {@code offline} (the parser) or {@code model} (a configured language model)
 * @param notes       anything the caller should know (a model that failed and the offline answer given instead)
 */
public record AskPlan(String dataset, String sql, String explanation, List<String> matched, String source, List<String> notes) {

    public AskPlan {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(explanation, "explanation");
        matched = List.copyOf(matched);
        Objects.requireNonNull(source, "source");
        notes = List.copyOf(notes);
    }

    public AskPlan withNote(String note) {
        List<String> n = new java.util.ArrayList<>(notes);
        n.add(note);
        return new AskPlan(dataset, sql, explanation, matched, source, n);
    }
}
