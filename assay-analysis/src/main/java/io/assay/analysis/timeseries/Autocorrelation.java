package io.assay.analysis.timeseries;

/**
 * Sample autocorrelation of a series with gaps, computed with the FFT in O(n log n) for all lags at once.
 * Missing (non-finite) values contribute nothing: deviations are taken from the mean of the present values and
 * a lag's sum runs over the pairs where both values are present.
 */
final class Autocorrelation {

    private final double[] products;
    private final double[] pairs;

    private Autocorrelation(double[] products, double[] pairs) {
        this.products = products;
        this.pairs = pairs;
    }

    /** Prepares the autocorrelation of {@code values} for lags 0 to {@code maxLag} (clamped to n − 1). */
    static Autocorrelation of(double[] values, int maxLag) {
        int n = values.length;
        int lags = Math.max(0, Math.min(maxLag, n - 1)) + 1;
        double sum = 0;
        int present = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                present++;
            }
        }
        double mean = present == 0 ? 0 : sum / present;
        int size = Fft.paddedLength(2 * n);
        double[] re = new double[size];
        double[] im = new double[size];
        double[] maskRe = new double[size];
        double[] maskIm = new double[size];
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(values[i])) {
                re[i] = values[i] - mean;
                maskRe[i] = 1;
            }
        }
        double[] products = correlateWithItself(re, im, lags);
        double[] pairs = correlateWithItself(maskRe, maskIm, lags);
        return new Autocorrelation(products, pairs);
    }

    /** Σ x[t]·x[t+k] for k < lags, through |FFT(x)|² (the arrays are consumed). */
    private static double[] correlateWithItself(double[] re, double[] im, int lags) {
        Fft.transform(re, im, false);
        for (int i = 0; i < re.length; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        Fft.transform(re, im, true);
        double[] out = new double[lags];
        for (int k = 0; k < lags; k++) {
            out[k] = re[k];
        }
        return out;
    }

    /** The highest lag available. */
    int maxLag() {
        return products.length - 1;
    }

    /**
     * The textbook (biased) estimate r_k = Σ_t d_t·d_{t+k} / Σ_t d_t², as in Box &amp; Jenkins; it shrinks toward 0
     * at long lags. 0 when the series has no variance.
     */
    double standard(int lag) {
        return products[0] <= 0 ? 0 : products[lag] / products[0];
    }

    /**
     * The estimate normalized by the number of pairs at each lag, (Σ d_t·d_{t+k} / pairs_k) / (Σ d_t² / pairs_0),
     * which does not shrink at long lags: a series that repeats exactly scores about 1 at its period even when
     * only two cycles are observed. 0 when the lag has no pairs or the series has no variance.
     */
    double pairNormalized(int lag) {
        if (products[0] <= 0 || pairs[lag] < 0.5) {
            return 0;
        }
        return (products[lag] / Math.rint(pairs[lag])) / (products[0] / Math.rint(pairs[0]));
    }

    /** The number of pairs of present values {@code lag} apart. */
    long pairCount(int lag) {
        return Math.round(pairs[lag]);
    }
}
