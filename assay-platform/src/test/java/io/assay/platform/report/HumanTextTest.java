package io.assay.platform.report;

import io.assay.engine.TimeGrain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class HumanTextTest {

    @Test
    void groupsCounts() {
        assertThat(HumanText.count(0)).isEqualTo("0");
        assertThat(HumanText.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(HumanText.count(-12_000)).isEqualTo("-12,000");
    }

    @Test
    void writesNumbersWithoutNoise() {
        assertThat(HumanText.number(3)).isEqualTo("3");
        assertThat(HumanText.number(12_345)).isEqualTo("12,345");
        assertThat(HumanText.number(3.14159)).isEqualTo("3.14");
        assertThat(HumanText.number(109.95)).isEqualTo("109.95");
        assertThat(HumanText.number(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(HumanText.number(0.061234)).isEqualTo("0.06123");
        assertThat(HumanText.number(1_234.5678)).isEqualTo("1,234.57");
        assertThat(HumanText.number(-45.5)).isEqualTo("-45.5");
        assertThat(HumanText.number(1.2e-7)).isEqualTo("1.2e-7");
        assertThat(HumanText.number(Double.NaN)).isEqualTo("NaN");
        assertThat(HumanText.signed(0.06)).isEqualTo("+0.06");
        assertThat(HumanText.signed(-2)).isEqualTo("-2");
    }

    @Test
    void writesSharesAsPercentagesWithOneDecimal() {
        assertThat(HumanText.percent(0.0288)).isEqualTo("2.9%");
        assertThat(HumanText.percent(0)).isEqualTo("0%");
        assertThat(HumanText.percent(1)).isEqualTo("100%");
        assertThat(HumanText.percent(0.0001)).isEqualTo("<0.1%");
        assertThat(HumanText.percent(0.99999)).isEqualTo(">99.9%");
        assertThat(HumanText.percent(12.5)).isEqualTo("1,250.0%");
        assertThat(HumanText.change(0.58)).isEqualTo("+58%");
        assertThat(HumanText.change(-0.052)).isEqualTo("-5.2%");
    }

    @Test
    void writesSignificance() {
        assertThat(HumanText.pValue(0.0004)).isEqualTo("p<0.001");
        assertThat(HumanText.pValue(0.0312)).isEqualTo("p=0.031");
        assertThat(HumanText.pValue(0.41)).isEqualTo("p=0.41");
    }

    @Test
    void writesDurations() {
        assertThat(HumanText.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(HumanText.duration(Duration.ofMillis(2_350))).isEqualTo("2.35 s");
        assertThat(HumanText.duration(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(HumanText.duration(Duration.ofMinutes(63))).isEqualTo("1 h 3 min");
    }

    @Test
    void writesTimesInUtcAsPreciselyAsTheirGrain() {
        Instant at = Instant.parse("2024-05-17T14:05:09Z");
        assertThat(HumanText.dateTime(at)).isEqualTo("2024-05-17 14:05 UTC");
        assertThat(HumanText.bucket(at, TimeGrain.DAY)).isEqualTo("2024-05-17");
        assertThat(HumanText.bucket(at, TimeGrain.MONTH)).isEqualTo("2024-05");
        assertThat(HumanText.bucket(at, TimeGrain.QUARTER)).isEqualTo("2024-Q2");
        assertThat(HumanText.bucket(at, TimeGrain.SECOND)).isEqualTo("2024-05-17 14:05:09");
    }

    @Test
    void writesSpansInRoundedWords() {
        Instant from = Instant.parse("2022-01-01T00:00:00Z");
        assertThat(HumanText.span(from, Instant.parse("2024-01-01T00:00:00Z"))).isEqualTo("2 years");
        assertThat(HumanText.span(from, Instant.parse("2022-09-01T00:00:00Z"))).isEqualTo("8 months");
        assertThat(HumanText.span(from, Instant.parse("2022-01-28T00:00:00Z"))).isEqualTo("4 weeks");
        assertThat(HumanText.span(from, Instant.parse("2022-01-02T00:00:00Z"))).isEqualTo("24 hours");
    }
}
