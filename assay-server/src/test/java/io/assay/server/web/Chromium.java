package io.assay.server.web;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Debian's headless Chromium, driven through its chromedriver, as every browser test here starts it (never a downloaded browser). */
final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    /** Skips the test class when the browser is not installed (CI installs it: .ci/run). */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
                "Skipped: the browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); "
                        + "apt-get install -y chromium chromium-driver");
    }

    /** Headless, sandbox and GPU off, nothing fetched in the background, a fresh profile in {@code profile}, the console kept. */
    static ChromeOptions options(Path profile, int width, int height) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=" + width + "," + height, "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(profile));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        return options;
    }

    /** Starts the browser through Debian's chromedriver on a free port. */
    static ChromeDriver start(ChromeOptions options) {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
