package io.assay.platform.ask;

import io.assay.engine.AssayException;
import io.assay.engine.ErrorCode;
import io.assay.platform.store.MetadataStore;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The small editable dictionary of each dataset that asking uses: a phrase users say ("revenue") and the SQL
 * expression over the dataset's columns it stands for ({@code sum(total_amount)}), kept in the metadata store.
 * Who may change it is decided by the caller of this class (whoever may write the dataset).
 */
public final class Synonyms {

    private final MetadataStore store;
    private final Clock clock;

    public Synonyms(MetadataStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The dataset's synonyms, phrase to expression, by phrase. */
    public Map<String, String> of(String dataset) {
        Map<String, String> out = new LinkedHashMap<>();
        store.query("SELECT phrase, expression FROM ask_synonyms WHERE dataset = ? ORDER BY phrase",
                r -> new String[] {r.string("phrase"), r.string("expression")}, dataset).forEach(p -> out.put(p[0], p[1]));
        return out;
    }

    /** Sets (adds or replaces) one synonym. */
    public void put(String dataset, String phrase, String expression, String by) {
        String p = normalise(phrase);
        String e = check(expression);
        store.inTransaction(tx -> {
            tx.update("DELETE FROM ask_synonyms WHERE dataset = ? AND phrase = ?", dataset, p);
            tx.update("INSERT INTO ask_synonyms (dataset, phrase, expression, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)",
                    dataset, p, e, by, clock.instant());
            return null;
        });
    }

    /** Removes one synonym; false when there was none. */
    public boolean remove(String dataset, String phrase) {
        return store.update("DELETE FROM ask_synonyms WHERE dataset = ? AND phrase = ?", dataset, normalise(phrase)) > 0;
    }

    /** Forgets a deleted dataset's synonyms. */
    public void forget(String dataset) {
        store.update("DELETE FROM ask_synonyms WHERE dataset = ?", dataset);
    }

    static String normalise(String phrase) {
        String p = phrase == null ? "" : phrase.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        if (p.isEmpty() || p.length() > 200 || !p.chars().anyMatch(Character::isLetter)) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A synonym's phrase must be 1 to 200 characters with a letter, not '" + phrase + "'.")
                    .detail("parameter", "phrase").build();
        }
        return p;
    }

    /** One SQL expression, no statement: it is put into the SELECT of a question's query, which the pipeline governs. */
    static String check(String expression) {
        String e = expression == null ? "" : expression.strip();
        if (e.isEmpty() || e.length() > 2000 || e.contains(";") || e.contains("--") || e.contains("/*")) {
            throw AssayException.of(ErrorCode.INVALID_INPUT, "A synonym's expression must be one SQL expression over the dataset's columns "
                            + "(such as sum(total_amount)), 1 to 2000 characters, without ';' or comments.")
                    .detail("parameter", "expression").build();
        }
        return e;
    }
}
