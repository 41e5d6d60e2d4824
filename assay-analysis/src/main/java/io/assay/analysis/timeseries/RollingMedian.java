package io.assay.analysis.timeseries;

import java.util.Arrays;

/**
 * Rolling medians over a series with gaps. The window keeps its present values in a sorted array, so each step
 * costs a binary search and one array shift: O(n·w) worst case but only a memory move per step, fast for the
 * windows used here.
 */
final class RollingMedian {

    private RollingMedian() {
    }

    /**
     * The median of the present values in the centred window of {@code window} points around each point
     * (truncated at the ends of the series); NaN where the window holds no present value.
     */
    static double[] centered(double[] values, int window) {
        int n = values.length;
        int before = (window - 1) / 2;
        int after = window - 1 - before;
        double[] out = new double[n];
        SortedWindow sorted = new SortedWindow(window);
        int added = 0;
        for (int i = 0; i < n; i++) {
            while (added < n && added <= i + after) {
                sorted.add(values[added++]);
            }
            if (i - before - 1 >= 0) {
                sorted.remove(values[i - before - 1]);
            }
            out[i] = sorted.median();
        }
        return out;
    }

    /** A multiset of finite doubles kept sorted in an array; non-finite values are ignored on add and remove. */
    static final class SortedWindow {
        private double[] items;
        private int size;

        SortedWindow(int capacity) {
            items = new double[Math.max(1, capacity)];
        }

        void add(double value) {
            if (!Double.isFinite(value)) {
                return;
            }
            if (size == items.length) {
                items = Arrays.copyOf(items, 2 * size);
            }
            int at = Arrays.binarySearch(items, 0, size, value);
            if (at < 0) {
                at = -at - 1;
            }
            System.arraycopy(items, at, items, at + 1, size - at);
            items[at] = value;
            size++;
        }

        void remove(double value) {
            if (!Double.isFinite(value)) {
                return;
            }
            int at = Arrays.binarySearch(items, 0, size, value);
            if (at < 0) {
                throw new IllegalStateException("removing a value the window does not hold: " + value);
            }
            System.arraycopy(items, at + 1, items, at, size - at - 1);
            size--;
        }

        int size() {
            return size;
        }

        double median() {
            if (size == 0) {
                return Double.NaN;
            }
            int middle = size / 2;
            return size % 2 == 1 ? items[middle] : 0.5 * (items[middle - 1] + items[middle]);
        }

        /** The value at a rank from 0 (the smallest). */
        double atRank(int rank) {
            return items[rank];
        }
    }
}
