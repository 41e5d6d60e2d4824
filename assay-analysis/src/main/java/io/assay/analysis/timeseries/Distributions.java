package io.assay.analysis.timeseries;

import java.util.function.DoubleUnaryOperator;

/**
 * The two distributions the tests here need: the standard normal and Student's t. Tail probabilities come from
 * the regularized incomplete gamma and beta functions (continued fractions as in Numerical Recipes, 3rd ed.,
 * §6.2 and §6.4), accurate to about 1e-14 relative; quantiles invert the tails by safeguarded bisection.
 */
final class Distributions {

    private static final double EPSILON = 1e-15;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 100_000;
    private static final double[] LANCZOS = {
        57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
        .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
        -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
        -.261908384015814087e-4, .368991826595316234e-5};

    private Distributions() {
    }

    /** P(Z > z) for a standard normal Z. */
    static double normalUpperTail(double z) {
        if (Double.isNaN(z)) {
            return Double.NaN;
        }
        double half = 0.5 * regularizedGammaQ(0.5, 0.5 * z * z);
        return z >= 0 ? half : 1.0 - half;
    }

    /** Two-sided p-value P(|Z| > |z|) for a standard normal Z. */
    static double normalTwoSided(double z) {
        return Math.min(1.0, 2.0 * normalUpperTail(Math.abs(z)));
    }

    /** The z with P(Z > z) = p, for 0 < p < 1. */
    static double normalUpperQuantile(double p) {
        return invertDecreasing(Distributions::normalUpperTail, p, -40, 40);
    }

    /** P(T > t) for Student's t with the given degrees of freedom. */
    static double studentUpperTail(double t, double degreesOfFreedom) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (Double.isInfinite(t)) {
            return t > 0 ? 0.0 : 1.0;
        }
        double half = 0.5 * regularizedBeta(degreesOfFreedom / (degreesOfFreedom + t * t), 0.5 * degreesOfFreedom, 0.5);
        return t >= 0 ? half : 1.0 - half;
    }

    /** The t with P(T > t) = p for Student's t with the given degrees of freedom, for 0 < p < 1. */
    static double studentUpperQuantile(double p, double degreesOfFreedom) {
        double bound = 1.0;
        while (studentUpperTail(bound, degreesOfFreedom) > p && bound < 1e300) {
            bound *= 2.0;
        }
        return invertDecreasing(t -> studentUpperTail(t, degreesOfFreedom), p, -bound, bound);
    }

    /** Bisection for the x in [lo, hi] where a decreasing tail function equals p; 200 halvings reach double precision. */
    private static double invertDecreasing(DoubleUnaryOperator tail, double p, double lo, double hi) {
        if (!(p > 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("probability must lie strictly between 0 and 1: " + p);
        }
        for (int i = 0; i < 200 && hi - lo > Math.ulp(Math.abs(lo) + Math.abs(hi)); i++) {
            double mid = 0.5 * (lo + hi);
            if (tail.applyAsDouble(mid) > p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** ln Γ(x) for x > 0 (Lanczos approximation, Numerical Recipes 3rd ed. §6.1). */
    static double logGamma(double x) {
        double y = x;
        double tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double series = 0.999999999999997092;
        for (double coefficient : LANCZOS) {
            series += coefficient / ++y;
        }
        return tmp + Math.log(2.5066282746310005 * series / x);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), the upper regularized incomplete gamma function. */
    static double regularizedGammaQ(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x < a + 1.0) {
            return 1.0 - gammaSeries(a, x);
        }
        return gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double delta = 1.0 / a;
        double sum = delta;
        for (int n = 0; n < MAX_ITERATIONS; n++) {
            ap += 1.0;
            delta *= x / ap;
            sum += delta;
            if (Math.abs(delta) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(double a, double x) {
        double b = x + 1.0 - a;
        double c = 1.0 / TINY;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** I_x(a, b), the regularized incomplete beta function, for 0 <= x <= 1. */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0.0;
        }
        if (x >= 1) {
            return 1.0;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        if (x < (a + 1.0) / (a + b + 2.0)) {
            return front * betaContinuedFraction(x, a, b) / a;
        }
        return 1.0 - front * betaContinuedFraction(1.0 - x, b, a) / b;
    }

    private static double betaContinuedFraction(double x, double a, double b) {
        double qab = a + b;
        double qap = a + 1.0;
        double qam = a - 1.0;
        double c = 1.0;
        double d = 1.0 - qab * x / qap;
        if (Math.abs(d) < TINY) {
            d = TINY;
        }
        d = 1.0 / d;
        double h = d;
        for (int m = 1; m < MAX_ITERATIONS; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1.0 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1.0 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1.0 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1.0 + aa * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = 1.0 + aa / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1.0 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < EPSILON) {
                break;
            }
        }
        return h;
    }
}
