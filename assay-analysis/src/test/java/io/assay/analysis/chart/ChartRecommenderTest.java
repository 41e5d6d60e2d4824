package io.assay.analysis.chart;

import io.assay.analysis.chart.ChartRecommender.Aggregation;
import io.assay.analysis.chart.ChartRecommender.Field;
import io.assay.analysis.chart.ChartRecommender.Recommendation;
import io.assay.analysis.chart.ChartRecommender.Type;
import io.assay.analysis.model.ColumnKind;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ChartRecommenderTest {

    private static Field f(String name, String type, long distinct) {
        return Field.of(name, type, OptionalLong.of(distinct));
    }

    private static Field f(String name, String type) {
        return Field.of(name, type, OptionalLong.empty());
    }

    @Test
    void aMeasureOverTimeIsALine() {
        Recommendation r = ChartRecommender.recommend(List.of(f("date", "DATE"), f("price", "DOUBLE")));
        assertThat(r.type()).isEqualTo(Type.LINE);
        assertThat(r.x()).contains("date");
        assertThat(r.y()).contains("price");
        assertThat(r.color()).isEmpty();
        assertThat(r.aggregation()).isEqualTo(Aggregation.NONE);
        assertThat(r.alternatives()).startsWith(Type.LINE);
    }

    @Test
    void aFewSeriesOverTimeAreColouredLinesSummed() {
        Recommendation r = ChartRecommender.recommend(List.of(f("symbol", "VARCHAR", 5), f("date", "TIMESTAMP"), f("price", "DECIMAL(10,2)")));
        assertThat(r.type()).isEqualTo(Type.LINE);
        assertThat(r.x()).contains("date");
        assertThat(r.y()).contains("price");
        assertThat(r.color()).contains("symbol");
        assertThat(r.aggregation()).isEqualTo(Aggregation.SUM);
    }

    @Test
    void aMeasureByCategoryIsBarsSummed() {
        Recommendation r = ChartRecommender.recommend(List.of(f("weather", "VARCHAR", 5), f("n", "BIGINT")));
        assertThat(r.type()).isEqualTo(Type.BAR);
        assertThat(r.x()).contains("weather");
        assertThat(r.y()).contains("n");
        assertThat(r.aggregation()).isEqualTo(Aggregation.SUM);
        assertThat(r.alternatives()).contains(Type.BOX);
    }

    @Test
    void aMeasureByTwoCategoriesIsStackedBarsOrAHeatmap() {
        Recommendation few = ChartRecommender.recommend(List.of(f("origin", "VARCHAR", 3), f("cylinders", "VARCHAR", 5), f("hp", "DOUBLE")));
        assertThat(few.type()).isEqualTo(Type.BAR);
        assertThat(few.color()).contains("cylinders");
        Recommendation many = ChartRecommender.recommend(List.of(f("state", "VARCHAR", 40), f("month", "VARCHAR", 30), f("delay", "DOUBLE")));
        assertThat(many.type()).isEqualTo(Type.HEATMAP);
        assertThat(many.x()).contains("state");
        assertThat(many.y()).contains("month");
        assertThat(many.aggregation()).isEqualTo(Aggregation.AVG);
    }

    @Test
    void twoMeasuresAreAScatterUnlessACategoryGroupsThem() {
        Recommendation r = ChartRecommender.recommend(List.of(f("hp", "DOUBLE"), f("mpg", "INTEGER"), f("origin", "VARCHAR", 3)));
        assertThat(r.type()).isEqualTo(Type.BAR);
        Recommendation plain = ChartRecommender.recommend(List.of(f("hp", "DOUBLE"), f("mpg", "INTEGER"), f("name", "VARCHAR", 300)));
        assertThat(plain.type()).isEqualTo(Type.SCATTER);
        assertThat(plain.x()).contains("hp");
        assertThat(plain.y()).contains("mpg");
        assertThat(plain.color()).isEmpty();
    }

    @Test
    void oneMeasureIsAHistogram() {
        Recommendation r = ChartRecommender.recommend(List.of(f("delay", "INTEGER")));
        assertThat(r.type()).isEqualTo(Type.HISTOGRAM);
        assertThat(r.x()).contains("delay");
        assertThat(r.aggregation()).isEqualTo(Aggregation.COUNT);
        assertThat(r.alternatives()).contains(Type.BOX);
    }

    @Test
    void categoriesAloneAreCounted() {
        assertThat(ChartRecommender.recommend(List.of(f("weather", "VARCHAR", 5))).type()).isEqualTo(Type.BAR);
        Recommendation pairs = ChartRecommender.recommend(List.of(f("a", "VARCHAR", 40), f("b", "BOOLEAN", 2)));
        assertThat(pairs.type()).isEqualTo(Type.HEATMAP);
        assertThat(pairs.aggregation()).isEqualTo(Aggregation.COUNT);
    }

    @Test
    void nothingChartableIsATable() {
        assertThat(ChartRecommender.recommend(List.of()).type()).isEqualTo(Type.TABLE);
        assertThat(ChartRecommender.recommend(List.of(f("comment", "VARCHAR", 10_000), f("tags", "VARCHAR[]"))).type()).isEqualTo(Type.TABLE);
    }

    @Test
    void engineTypeNamesMapToKinds() {
        assertThat(ChartRecommender.kindOf("BIGINT")).isEqualTo(ColumnKind.NUMERIC);
        assertThat(ChartRecommender.kindOf("DECIMAL(18,3)")).isEqualTo(ColumnKind.NUMERIC);
        assertThat(ChartRecommender.kindOf("double precision")).isEqualTo(ColumnKind.NUMERIC);
        assertThat(ChartRecommender.kindOf("HUGEINT")).isEqualTo(ColumnKind.NUMERIC);
        assertThat(ChartRecommender.kindOf("TIMESTAMP WITH TIME ZONE")).isEqualTo(ColumnKind.TEMPORAL);
        assertThat(ChartRecommender.kindOf("DATE")).isEqualTo(ColumnKind.TEMPORAL);
        assertThat(ChartRecommender.kindOf("VARCHAR")).isEqualTo(ColumnKind.TEXT);
        assertThat(ChartRecommender.kindOf("character varying(20)")).isEqualTo(ColumnKind.TEXT);
        assertThat(ChartRecommender.kindOf("BOOLEAN")).isEqualTo(ColumnKind.BOOLEAN);
        assertThat(ChartRecommender.kindOf("INTEGER[]")).isEqualTo(ColumnKind.OTHER);
        assertThat(ChartRecommender.kindOf("BLOB")).isEqualTo(ColumnKind.OTHER);
    }
}
