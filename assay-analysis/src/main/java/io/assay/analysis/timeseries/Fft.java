package io.assay.analysis.timeseries;

/** An in-place iterative radix-2 fast Fourier transform of complex data held as separate real and imaginary arrays. */
final class Fft {

    private Fft() {
    }

    /** The smallest power of two that is at least {@code n}. */
    static int paddedLength(int n) {
        int size = 1;
        while (size < n) {
            size <<= 1;
        }
        return size;
    }

    /**
     * Transforms {@code re + i·im} in place; both arrays must have the same power-of-two length. With
     * {@code inverse}, computes the inverse transform including the 1/n scaling.
     */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (n != im.length || Integer.bitCount(n) > 1) {
            throw new IllegalArgumentException("FFT needs two arrays of one power-of-two length, got " + n
                + " and " + im.length);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                swap(re, i, j);
                swap(im, i, j);
            }
        }
        for (int length = 2; length <= n; length <<= 1) {
            double angle = 2 * Math.PI / length * (inverse ? 1 : -1);
            double stepRe = Math.cos(angle);
            double stepIm = Math.sin(angle);
            for (int start = 0; start < n; start += length) {
                double wRe = 1;
                double wIm = 0;
                for (int k = 0; k < length / 2; k++) {
                    int a = start + k;
                    int b = a + length / 2;
                    double bRe = re[b] * wRe - im[b] * wIm;
                    double bIm = re[b] * wIm + im[b] * wRe;
                    re[b] = re[a] - bRe;
                    im[b] = im[a] - bIm;
                    re[a] += bRe;
                    im[a] += bIm;
                    double nextRe = wRe * stepRe - wIm * stepIm;
                    wIm = wRe * stepIm + wIm * stepRe;
                    wRe = nextRe;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
