package io.assay.analysis.timeseries;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Finds anomalies robust to trend and seasonality, in the manner of Twitter's seasonal hybrid ESD (Hochenbaum,
 * Vallis and Kejariwal 2017, "Automatic Anomaly Detection in the Cloud Via Statistical Learning").
 *
 * <ol>
 *   <li>The seasonal components (robust STL or MSTL with the cycles {@link Seasonality} finds) are subtracted,
 *       refitted first on the series with its outliers clipped ({@link #robustRefit}), so that a spike neither lifts
 *       its phase of the cycle nor leaves false dips a cycle away.</li>
 *   <li>The series is cut into equal windows of at least {@link Settings#windowSeconds} (and at least two of its
 *       longest cycle and {@value #MIN_WINDOW_POINTS} points). Within each, the level is the median of the
 *       seasonally adjusted values (the "piecewise median" of S-H-ESD, which a spike cannot drag along the way a
 *       smooth trend can) or, when the window trends significantly (Mann–Kendall with the Hamed–Rao correction at
 *       level alpha), their Theil–Sen line, so a steady trend is not mistaken for deviations at the window's
 *       ends. The residual is value − seasonal − level. Windows keep a change of level in one part of a long
 *       series from inflating the spread, and so hiding anomalies, everywhere else. Residuals within 10⁻⁹ of the
 *       largest |value| count as 0, so that rounding noise in a perfectly periodic series is not mistaken for a
 *       deviation.</li>
 *   <li>The robust generalized ESD test ({@link GeneralizedEsd}) at level {@link Settings#alpha} flags up to
 *       {@link Settings#maxAnomalyFraction} of each window's points (at least one).</li>
 *   <li>Flagged points less than {@link Settings#eventGapSeconds} apart form one event (an incident), reported
 *       through its highest-scoring point with the event's extent: a burst of anomalous minutes is one anomaly,
 *       not dozens.</li>
 *   <li>Events are ranked on one scale for the whole series: the |residual| of their strongest point over the
 *       series' robust sigma (the score). An event must also pass the ESD critical value for all the series' points
 *       on that scale, and an event the other way one cycle from a stronger one is its echo and is not reported.</li>
 *   <li>How many events are reported is a significance test too ({@link #significantEvents}): the ESD test over
 *       single points assumes normal residuals, and operational metrics have far heavier tails, so at any sensible
 *       alpha it finds more significant points than anyone can act on. So the scores are reduced to one maximum per
 *       block of {@link Settings#eventGapSeconds} (one candidate per incident), and a one-sided robust ESD test at
 *       level alpha over those maxima counts the blocks whose maximum stands out from the typical block's. Heavy
 *       tails lift every block's maximum alike, so they no longer pass for incidents. That many of the ranked events
 *       are reported, at most {@link Settings#maxEvents}: the test decides how many, the cap bounds the list. At
 *       least {@link Settings#minEvents} are reported whatever the block test finds (by default the strongest event,
 *       when it passes the ESD critical value over all the series' points): cross-validation on NAB chose this.</li>
 * </ol>
 *
 * Series with fewer than {@value #MIN_POINTS} present values, and constant series, have no anomalies.
 * Deterministic and stateless: one detector can serve any number of threads.
 */
public final class AnomalyDetector {

    /** The fewest present values a series needs before anything in it is called anomalous. */
    public static final int MIN_POINTS = 16;

    /**
     * The most events reported by default (see {@link Settings#defaults()}), of those the significance test finds:
     * chosen by leave-one-folder-out cross-validation on the NAB development set (bench/anomaly/results.md).
     */
    public static final int DEFAULT_MAX_EVENTS = 5;

    /**
     * The events reported by default even when the block-maxima test finds fewer (they must still pass the ESD
     * critical value over all the series' points): chosen by leave-one-folder-out cross-validation on NAB.
     */
    public static final int DEFAULT_MIN_EVENTS = 1;

    /** The fewest points in a window. */
    public static final int MIN_WINDOW_POINTS = 100;

    private static final double RESOLUTION = 1e-9;

    /**
     * A window's noise is never taken below this share of the series' typical (median) window noise: a flat
     * stretch, such as months without a single sale, must not make one event look infinitely unusual.
     */
    static final double FLOOR_SHARE = 0.5;

    private final Settings settings;

    /** A detector with the {@linkplain Settings#defaults() default settings}. */
    public AnomalyDetector() {
        this(Settings.defaults());
    }

    public AnomalyDetector(Settings settings) {
        this.settings = settings;
    }

    /**
     * The settings of a detector.
     *
     * @param alpha the significance level of the ESD test in each window, 0 &lt; alpha &lt; 1
     * @param maxAnomalyFraction the most points of a window the ESD test may flag, 0 &lt; fraction &lt; 0.5
     * @param windowSeconds the shortest window the level and spread are estimated over, positive
     * @param eventGapSeconds flagged points closer together than this form one event, positive
     * @param maxEvents the most events reported for a series, the highest-scoring of the significant ones, at least 1
     * @param minEvents the events reported even when the block-maxima test finds fewer (each must still pass the ESD
     *     critical value over all the series' points), from 0 to maxEvents
     */
    public record Settings(double alpha, double maxAnomalyFraction, long windowSeconds, long eventGapSeconds,
                           int maxEvents, int minEvents) {

        /** Settings with {@link #DEFAULT_MIN_EVENTS} as the fewest events. */
        public Settings(double alpha, double maxAnomalyFraction, long windowSeconds, long eventGapSeconds, int maxEvents) {
            this(alpha, maxAnomalyFraction, windowSeconds, eventGapSeconds, maxEvents, DEFAULT_MIN_EVENTS);
        }

        public Settings {
            if (!(alpha > 0 && alpha < 1)) {
                throw new IllegalArgumentException("alpha must lie strictly between 0 and 1, got " + alpha);
            }
            if (!(maxAnomalyFraction > 0 && maxAnomalyFraction < 0.5)) {
                throw new IllegalArgumentException("maxAnomalyFraction must lie strictly between 0 and 0.5, got "
                    + maxAnomalyFraction);
            }
            if (windowSeconds <= 0 || eventGapSeconds <= 0) {
                throw new IllegalArgumentException("windowSeconds and eventGapSeconds must be positive, got "
                    + windowSeconds + " and " + eventGapSeconds);
            }
            if (maxEvents < 1) {
                throw new IllegalArgumentException("maxEvents must be at least 1, got " + maxEvents);
            }
            if (minEvents < 0 || minEvents > maxEvents) {
                throw new IllegalArgumentException("minEvents must lie from 0 to maxEvents, got " + minEvents);
            }
        }

        /**
         * alpha 0.05 and at most 1% of a window's points flagged (the S-H-ESD defaults); flagged points less than a
         * day apart are one incident; windows of eight weeks and at most {@value #DEFAULT_MAX_EVENTS} significant
         * incidents per series, the setting leave-one-folder-out cross-validation on NAB chose in most folds
         * (bench/anomaly/results.md).
         */
        public static Settings defaults() {
            return new Settings(0.05, 0.01, 8 * CalendarPeriods.WEEK, CalendarPeriods.DAY, DEFAULT_MAX_EVENTS);
        }
    }

    /** The settings in use. */
    public Settings settings() {
        return settings;
    }

    /** The anomalous events of a series, in time order; its seasonality is detected first. */
    public List<Anomaly> detect(Series series) {
        return series.presentCount() < MIN_POINTS ? List.of() : detect(series, Seasonality.detect(series));
    }

    /** The anomalous events of a series whose seasonality is known, in time order. */
    public List<Anomaly> detect(Series series, Seasonality seasonality) {
        int n = series.size();
        if (series.presentCount() < MIN_POINTS) {
            return List.of();
        }
        Decomposition decomposition = robustRefit(series, seasonality.decomposition());
        double[] adjusted = new double[n];
        double largest = 0;
        for (int i = 0; i < n; i++) {
            adjusted[i] = series.value(i) - decomposition.seasonalAt(i);
            if (Double.isFinite(series.value(i))) {
                largest = Math.max(largest, Math.abs(series.value(i)));
            }
        }
        int longestPeriod = seasonality.periods().stream().mapToInt(SeasonalPeriod::period).max().orElse(1);
        long stepsPerWindow = ceilDiv(settings.windowSeconds(), series.stepSeconds());
        long windowPoints = Math.max(stepsPerWindow, Math.max(2L * longestPeriod, MIN_WINDOW_POINTS));
        int windows = (int) Math.max(1, n / windowPoints);
        List<Window> parts = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            parts.add(window(adjusted, (int) ((long) w * n / windows), (int) ((long) (w + 1) * n / windows),
                RESOLUTION * largest));
        }
        double minSigma = FLOOR_SHARE * RobustStatistics.median(parts.stream().mapToDouble(Window::sigma)
            .filter(Double::isFinite).toArray());
        double floor = Double.isFinite(minSigma) ? minSigma : 0;
        // One scale for the whole series, to rank events of different windows against each other.
        double[] residuals = new double[n];
        for (Window w : parts) {
            System.arraycopy(w.residuals(), 0, residuals, w.from(), w.residuals().length);
        }
        double[] present = RobustStatistics.finite(residuals);
        double center = present.length == 0 ? 0 : RobustStatistics.median(present);
        double seriesSigma = present.length == 0 ? Double.NaN : RobustStatistics.reweightedSigma(present, center);
        double scale = Math.max(Double.isFinite(seriesSigma) ? seriesSigma : 0, floor);
        List<Flagged> flagged = new ArrayList<>();
        for (Window w : parts) {
            flagged.addAll(detectInWindow(w, floor, center, scale));
        }
        long gapSteps = Math.max(1, ceilDiv(settings.eventGapSeconds(), series.stepSeconds()));
        List<Integer> periods = decomposition.seasonal().stream().map(SeasonalComponent::period).toList();
        List<Event> ranked = group(flagged, gapSteps).stream()
            .sorted(Comparator.comparingDouble((Event e) -> -e.top().score()).thenComparingInt(e -> e.top().index()))
            .toList();
        // Significant on the series' own scale too: beyond the first critical value of the ESD test over all its points.
        double seriesCritical = present.length >= GeneralizedEsd.MIN_SIZE
            ? GeneralizedEsd.criticalValue(present.length, settings.alpha()) : 0;
        int significant = significantEvents(residuals, center, scale, gapSteps, settings.alpha());
        int most = Math.min(settings.maxEvents(), Math.max(settings.minEvents(), significant));
        List<Event> kept = new ArrayList<>();
        for (Event e : ranked) {
            if (kept.size() >= most || e.top().score() <= seriesCritical) {
                break;
            }
            if (kept.stream().noneMatch(k -> isEcho(e, k, periods))) {
                kept.add(e);
            }
        }
        return kept.stream()
            .sorted(Comparator.comparingInt(e -> e.top().index()))
            .map(e -> e.toAnomaly(series, decomposition))
            .toList();
    }

    /**
     * How many separate events of the series are significant: the scores |residual − center| / scale are reduced to
     * the maximum of each block of {@code blockSteps} points (the event gap: within it flagged points are one event,
     * so one event is one candidate), a block whose maximum lies less than {@code blockSteps} from a larger maximum
     * of the block before or after is dropped (an event straddling a boundary still counts once), and the one-sided
     * robust generalized ESD test ({@link GeneralizedEsd#testUpper}) at level {@code alpha} counts the maxima that
     * stand out from the typical block's maximum, testing at most {@value #MAX_TESTED_EVENTS} and fewer than half of
     * them. Heavy tails raise every block's maximum alike, so a series with big but everyday swings has few events,
     * and a series with a handful of incidents has that many. No limit ({@link Integer#MAX_VALUE}) when the scale is
     * 0 or there are fewer than {@value GeneralizedEsd#MIN_SIZE} blocks to compare.
     */
    static int significantEvents(double[] residuals, double center, double scale, long blockSteps, double alpha) {
        if (!(scale > 0)) {
            return Integer.MAX_VALUE;
        }
        int n = residuals.length;
        int block = (int) Math.max(1, Math.min(blockSteps, n));
        int blocks = (n + block - 1) / block;
        double[] maxima = new double[blocks];
        int[] at = new int[blocks];
        for (int b = 0; b < blocks; b++) {
            maxima[b] = Double.NaN;
            at[b] = -1;
            for (int i = b * block; i < Math.min(n, (b + 1) * block); i++) {
                if (Double.isFinite(residuals[i])) {
                    double score = Math.abs(residuals[i] - center) / scale;
                    if (at[b] < 0 || score > maxima[b]) {
                        maxima[b] = score;
                        at[b] = i;
                    }
                }
            }
        }
        double[] candidates = maxima.clone();
        for (int b = 0; b < blocks; b++) {
            for (int c : new int[] {b - 1, b + 1}) {
                if (c >= 0 && c < blocks && at[b] >= 0 && at[c] >= 0 && Math.abs(at[b] - at[c]) < block
                    && (maxima[c] > maxima[b] || maxima[c] == maxima[b] && c < b)) {
                    candidates[b] = Double.NaN;
                }
            }
        }
        int m = RobustStatistics.finite(candidates).length;
        if (m < GeneralizedEsd.MIN_SIZE) {
            return Integer.MAX_VALUE;
        }
        int tested = Math.max(1, Math.min(MAX_TESTED_EVENTS, (m - 1) / 2));
        return GeneralizedEsd.testUpper(candidates, tested, alpha).size();
    }

    /** The most events the significance test of {@link #significantEvents} can find in one series. */
    static final int MAX_TESTED_EVENTS = 50;

    /**
     * Whether {@code event} is an echo of the stronger {@code kept}: a departure the other way, one seasonal cycle
     * before or after it. A spike that leaks into the seasonal estimate leaves a dip at the same phase of the
     * neighbouring cycles; the event itself is reported once.
     */
    static boolean isEcho(Event event, Event kept, List<Integer> periods) {
        if (Math.signum(event.top().residual()) == Math.signum(kept.top().residual())) {
            return false;
        }
        int i = event.top().index();
        for (int p : periods) {
            for (int shift : new int[] {-p, p}) {
                if (i >= kept.firstIndex() + shift - 1 && i <= kept.lastIndex() + shift + 1) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Cycles on either side whose values at the same phase make a point's robust seasonal estimate. */
    static final int PHASE_HALF_SPAN = 3;

    /**
     * The decomposition refitted without the influence of large residuals. A spike can be absorbed whole by the
     * seasonal smoother (its cycle-subseries fit passes through it, so its remainder is small and the robustness
     * weights never see it), and then it lifts its phase of the cycle and leaves false dips a cycle before and
     * after it. So the outliers are found against a robust seasonal estimate instead: the detrended series less,
     * for each period (shortest first), the median of the values at the same phase in the {@value #PHASE_HALF_SPAN}
     * cycles on either side. Points more than {@value RobustStatistics#REWEIGHT_CUTOFF} robust sigmas from the median
     * of that remainder (the same cutoff as the reweighted scale) are clipped to that bound, and the seasonal
     * components are fitted again on the clipped series. The remainder is then taken against the data as they are.
     * Decompositions without seasonality are returned as they are.
     */
    static Decomposition robustRefit(Series series, Decomposition decomposition) {
        if (!decomposition.isSeasonal()) {
            return decomposition;
        }
        int n = series.size();
        double[] trend = decomposition.trend();
        double[] rest = new double[n];
        for (int i = 0; i < n; i++) {
            rest[i] = series.value(i) - trend[i];
        }
        for (SeasonalComponent component : decomposition.seasonal()) {
            double[] seasonal = phaseMedians(rest, component.period());
            for (int i = 0; i < n; i++) {
                rest[i] -= seasonal[i];
            }
        }
        double[] present = RobustStatistics.finite(rest);
        if (present.length < MIN_POINTS) {
            return decomposition;
        }
        double median = RobustStatistics.median(present);
        double sigma = RobustStatistics.reweightedSigma(present, median);
        if (!(sigma > 0)) {
            return decomposition;
        }
        double bound = RobustStatistics.REWEIGHT_CUTOFF * sigma;
        double[] values = series.values();
        boolean clipped = false;
        for (int i = 0; i < n; i++) {
            double excess = rest[i] - median;
            if (Double.isFinite(values[i]) && Math.abs(excess) > bound) {
                values[i] -= excess - Math.copySign(bound, excess);
                clipped = true;
            }
        }
        if (!clipped) {
            return decomposition;
        }
        Decomposition refit = Decomposition.of(Series.regular(series.epochSecond(0), series.stepSeconds(), values),
            decomposition.seasonal().stream().map(SeasonalComponent::period).toList());
        double[] refitTrend = refit.trend();
        return new Decomposition(refitTrend, refit.seasonal(), remainderOf(series, refitTrend, refit));
    }

    /** At each point, the median of the finite values at its phase in the cycles within {@link #PHASE_HALF_SPAN}. */
    static double[] phaseMedians(double[] x, int period) {
        int n = x.length;
        double[] out = new double[n];
        double[] work = new double[2 * PHASE_HALF_SPAN + 1];
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int k = -PHASE_HALF_SPAN; k <= PHASE_HALF_SPAN; k++) {
                long j = i + (long) k * period;
                if (j >= 0 && j < n && Double.isFinite(x[(int) j])) {
                    work[m++] = x[(int) j];
                }
            }
            out[i] = m == 0 ? 0 : RobustStatistics.medianInPlace(work, m);
        }
        return out;
    }

    private static double[] remainderOf(Series series, double[] trend, Decomposition d) {
        double[] r = new double[series.size()];
        for (int i = 0; i < r.length; i++) {
            double v = series.value(i);
            r[i] = Double.isFinite(v) ? v - trend[i] - d.seasonalAt(i) : Double.NaN;
        }
        return r;
    }

    /**
     * A flagged point: its position, the level of its window, what the test said, its residual and its score on the
     * series-wide scale (|residual − median residual| / the series' robust sigma).
     */
    record Flagged(int index, double level, GeneralizedEsd.Outlier outlier, double residual, double score) {
    }

    /** Flagged points grouped into one incident, shown through {@code top}. */
    record Event(Flagged top, int firstIndex, int lastIndex, int points) {

        Anomaly toAnomaly(Series series, Decomposition decomposition) {
            int i = top.index();
            double expected = top.level() + decomposition.seasonalAt(i);
            double residual = series.value(i) - expected;
            GeneralizedEsd.Outlier outlier = top.outlier();
            return new Anomaly(i, series.epochSecond(i), series.value(i), expected, residual, top.score(),
                outlier.criticalValue(), outlier.pValue(),
                residual >= 0 ? Anomaly.Direction.SPIKE : Anomaly.Direction.DIP, firstIndex, lastIndex, points);
        }
    }

    /** A window's residuals around its level, and their robust scale. */
    private record Window(int from, TheilSen.Line line, double[] residuals, double sigma) {
    }

    private Window window(double[] adjusted, int from, int to, double resolution) {
        TheilSen.Line line = levelLine(adjusted, from, to);
        double[] residuals = new double[to - from];
        for (int i = from; i < to; i++) {
            double r = adjusted[i] - line.at(i);
            residuals[i - from] = Math.abs(r) <= resolution ? 0 : r;
        }
        double[] present = RobustStatistics.finite(residuals);
        double sigma = present.length == 0 ? Double.NaN
            : RobustStatistics.reweightedSigma(present, RobustStatistics.median(present));
        return new Window(from, line, residuals, sigma);
    }

    private List<Flagged> detectInWindow(Window w, double minSigma, double center, double scale) {
        int present = RobustStatistics.finite(w.residuals()).length;
        int maxOutliers = Math.max(1, (int) Math.floor(settings.maxAnomalyFraction() * present));
        List<Flagged> flagged = new ArrayList<>();
        for (GeneralizedEsd.Outlier outlier : GeneralizedEsd.test(w.residuals(), maxOutliers, settings.alpha(), minSigma)) {
            int i = w.from() + outlier.index();
            double r = w.residuals()[outlier.index()];
            flagged.add(new Flagged(i, w.line().at(i), outlier, r, scale > 0 ? Math.abs(r - center) / scale
                : outlier.statistic()));
        }
        return flagged;
    }

    /**
     * The level of a window: its median, or the Theil–Sen line through its present values when Mann–Kendall finds a
     * significant trend in them.
     */
    private TheilSen.Line levelLine(double[] adjusted, int from, int to) {
        double[] x = new double[to - from];
        double[] y = new double[to - from];
        int m = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(adjusted[i])) {
                x[m] = i;
                y[m++] = adjusted[i];
            }
        }
        double[] window = Arrays.copyOfRange(adjusted, from, to);
        boolean trending = MannKendall.test(window).map(test -> test.pValue() < settings.alpha()).orElse(false);
        if (!trending) {
            return new TheilSen.Line(0, RobustStatistics.median(window));
        }
        return TheilSen.fit(Arrays.copyOf(x, m), Arrays.copyOf(y, m));
    }

    /** Groups flagged points fewer than {@code gapSteps} apart into events. */
    private static List<Event> group(List<Flagged> flagged, long gapSteps) {
        List<Flagged> sorted = flagged.stream().sorted(Comparator.comparingInt(Flagged::index)).toList();
        List<Event> events = new ArrayList<>();
        int start = 0;
        while (start < sorted.size()) {
            int end = start;
            while (end + 1 < sorted.size() && sorted.get(end + 1).index() - sorted.get(end).index() < gapSteps) {
                end++;
            }
            Flagged top = sorted.get(start);
            for (Flagged f : sorted.subList(start, end + 1)) {
                if (f.score() > top.score()) {
                    top = f;
                }
            }
            events.add(new Event(top, sorted.get(start).index(), sorted.get(end).index(), end - start + 1));
            start = end + 1;
        }
        return events;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
