package io.assay.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Limits sign-in attempts per remote address: a fixed window of {@code attempts} per minute, so
 * that guessing passwords from one place is slow whatever names it tries (the per-name lockout is
 * in {@link UserService}).
 */
public final class SignInThrottle {

    private static final Duration WINDOW = Duration.ofMinutes(1);
    private final int attempts;
    private final Cache<String, AtomicInteger> windows = Caffeine.newBuilder()
            .expireAfterWrite(WINDOW).maximumSize(100_000).build();

    public SignInThrottle(int attemptsPerMinute) {
        this.attempts = attemptsPerMinute;
    }

    /** Counts an attempt from {@code address}; answers false when it is over the limit. */
    public boolean tryAcquire(String address) {
        return windows.get(address, a -> new AtomicInteger()).incrementAndGet() <= attempts;
    }

    public Duration window() {
        return WINDOW;
    }
}
