package io.assay.platform.ask;

import java.util.Collection;
import java.util.List;

/**
 * Finds which text columns of a table hold a value written the way the question writes it (ignoring case): the
 * question's candidate phrases are looked up in the engine, never guessed.
 */
@FunctionalInterface
public interface ValueLookup {

    /** The values of {@code table}'s text columns equal (ignoring case) to one of {@code phrases}, each with how many rows hold it. */
    List<Hit> find(AskTable table, Collection<String> phrases);

    /** A value found: the phrase (lower case) as the question wrote it, the column, the value as stored, its rows. */
    record Hit(String phrase, String column, String value, long rows) {
    }

    /** Finds nothing (a parser without data to look in). */
    ValueLookup NONE = (table, phrases) -> List.of();
}
