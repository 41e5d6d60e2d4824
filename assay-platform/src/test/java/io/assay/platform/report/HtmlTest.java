package io.assay.platform.report;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

    @Test
    void escapesTextAndAttributeValues() {
        assertThat(Html.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(new Html().element("td", "num", "<b>").toString()).isEqualTo("<td class=\"num\">&lt;b&gt;</td>");
        assertThat(new Html().facts(List.of(new Html.Fact("<k>", "<v>"))).toString())
                .contains("<dt>&lt;k&gt;</dt><dd>&lt;v&gt;</dd>");
    }

    @Test
    void escapesJsonSoThatItCannotLeaveItsScript() throws IOException {
        String json = ReportJson.mapper().writeValueAsString(
                List.of("</script><script>alert(1)</script>", "<!-- & -->", "a\u2028b\u2029c"));
        String safe = Html.scriptJson(json);

        assertThat(safe).doesNotContain("<", ">", "&", "\u2028", "\u2029")
                .contains("\\u003c/script\\u003e", "\\u003c!--", "\\u2028");
        JsonNode back = ReportJson.mapper().readTree(safe);
        assertThat(back.get(0).asText()).isEqualTo("</script><script>alert(1)</script>");
        assertThat(back.get(2).asText()).isEqualTo("a\u2028b\u2029c");
    }
}
