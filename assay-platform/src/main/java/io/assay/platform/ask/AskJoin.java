package io.assay.platform.ask;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A way to join two datasets: each row of {@code child} names at most one row of {@code parent}, because
 * {@code parentColumn} is unique in {@code parent} and {@code childColumn} holds its values ({@code order_lines.book_id}
 * &rarr; {@code books.book_id}, or {@code loans.member_id} &rarr; {@code members.id}). Joining a child to its parents
 * never repeats a child row, so sums and counts over the child stay right.
 */
public record AskJoin(String child, String childColumn, String parent, String parentColumn) {

    public AskJoin {
        Objects.requireNonNull(child, "child");
        Objects.requireNonNull(childColumn, "childColumn");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(parentColumn, "parentColumn");
    }

    /** Last words of a column name that make it look like a key. */
    private static final Set<String> KEY_WORDS = Set.of("id", "key", "code", "no", "num", "number", "sku", "uuid", "ref");

    /**
     * The joins the names suggest, before any evidence from the data: a key-like column of one table ({@code *_id},
     * {@code *_key}, {@code *_code}, {@code id}...) whose name the other table repeats ({@code book_id} and
     * {@code book_id}), or a column named {@code id} of a table whose singular name and {@code id} the other table's
     * column is named after ({@code books.id} and {@code book_id}); both of the same kind. The parent side still has
     * to be shown unique and the child's values contained in it (see the gateway), unless the profile already says so.
     */
    public static List<AskJoin> candidates(List<AskTable> tables) {
        List<AskJoin> out = new ArrayList<>();
        for (AskTable parent : tables) {
            List<String> tableWords = Words.pieces(parent.name());
            for (AskTable.Column pc : parent.columns()) {
                List<String> pw = Words.pieces(pc.name());
                if (pw.isEmpty() || !KEY_WORDS.contains(pw.get(pw.size() - 1)) || !(pc.kind() == AskTable.Kind.NUMBER || pc.kind() == AskTable.Kind.TEXT)) {
                    continue;
                }
                List<String> named = new ArrayList<>(tableWords);
                named.add(pw.get(pw.size() - 1));
                for (AskTable child : tables) {
                    if (child.name().equals(parent.name())) {
                        continue;
                    }
                    for (AskTable.Column cc : child.columns()) {
                        if (cc.kind() != pc.kind()) {
                            continue;
                        }
                        List<String> cw = Words.pieces(cc.name());
                        boolean same = cw.equals(pw) && pw.size() >= 2 || cc.name().equalsIgnoreCase(pc.name()) && pw.size() >= 2;
                        boolean byTable = pw.size() == 1 && cw.equals(named);
                        if (same || byTable) {
                            out.add(new AskJoin(child.name(), cc.name(), parent.name(), pc.name()));
                        }
                    }
                }
            }
        }
        return out;
    }
}
