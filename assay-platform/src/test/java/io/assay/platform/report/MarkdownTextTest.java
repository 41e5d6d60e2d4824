package io.assay.platform.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTextTest {

    @Test
    void escapesMarkupButKeepsWordsReadable() {
        assertThat(MarkdownText.text("order_id and _x_ *bold* [link](u) `code` ~gone~"))
                .isEqualTo("order_id and \\_x\\_ \\*bold\\* \\[link\\](u) \\`code\\` \\~gone\\~");
        assertThat(MarkdownText.text("p<0.001 but <b> & &amp;")).isEqualTo("p<0.001 but \\<b> & \\&amp;");
    }

    @Test
    void keepsTextOnOneLineAndDropsControlCharacters() {
        assertThat(MarkdownText.text("a\nb\u2028c\u001b[31m")).isEqualTo("a b c\uFFFD\\[31m");
    }

    @Test
    void fencesCodeSpansLongerThanTheirBackticks() {
        assertThat(MarkdownText.code("order_id")).isEqualTo("`order_id`");
        assertThat(MarkdownText.code("a`b")).isEqualTo("`` a`b ``");
        assertThat(MarkdownText.code("")).isEqualTo("*(empty)*");
    }

    @Test
    void escapesPipesInTableCells() {
        assertThat(MarkdownText.cell(MarkdownText.code("a|b"))).isEqualTo("`a\\|b`");
    }
}
