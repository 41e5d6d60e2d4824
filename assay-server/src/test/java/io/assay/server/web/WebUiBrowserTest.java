package io.assay.server.web;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web page end to end in real headless Chromium (Debian's chromium and chromedriver, given by path so
 * nothing is downloaded): sign-in, upload, the dataset's profile and charts, SQL with completion, errors,
 * cancel and 100,000 rows, a chart, CSV export, the audit log, and what a viewer may not see; axe-core
 * (from its jar, nothing downloaded) on every page in both themes and on the HTML report. Every test fails on a
 * SEVERE entry in the browser's console. Screenshots go to target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String DATASET = "seattle_weather";

    private static Path dir;
    private static Path downloads;
    private static WebUiServer server;
    private static ChromeDriver driver;
    private static WebDriverWait wait;
    /** Console errors a test expects (a request the server refuses on purpose), by a part of their text. */
    private final List<String> expectedErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        Chromium.assumeInstalled();
        dir = Files.createTempDirectory("assay-web");
        downloads = Files.createDirectories(dir.resolve("downloads"));
        Files.createDirectories(SCREENSHOTS);
        server = new WebUiServer(dir.resolve("data"));
        ChromeOptions options = Chromium.options(dir.resolve("profile"), 1400, 900);
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        driver = Chromium.start(options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(Long.getLong("assay.web.wait", 30)));
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @AfterEach
    void noConsoleErrors(org.junit.jupiter.api.TestInfo info) throws IOException {
        Files.createDirectories(SCREENSHOTS.resolve("steps"));
        screenshot("steps/" + info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"));
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && expectedErrors.stream().noneMatch(e.getMessage()::contains)) {
                severe.add(e.getMessage());
            }
        }
        assertThat(severe).as("SEVERE entries in the browser console").isEmpty();
    }

    // ---- helpers ----

    private static WebElement css(String selector) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(selector)));
    }

    private static void present(String selector) {
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(selector)));
    }

    private static void open(String hash) {
        driver.get(server.url + "/" + hash);
    }

    private static void signIn(String name) {
        open("#/datasets");
        // The page first asks the server who is signed in: wait for its answer (the top bar or the sign-in form).
        wait.ignoring(StaleElementReferenceException.class).until(d -> shown(d, "sign-out") || shown(d, "signin-name"));
        if (shown(driver, "sign-out")) {
            driver.findElement(By.id("sign-out")).click();
        }
        // Signing out re-renders the page: type into the sign-in form once it has settled.
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement field = d.findElement(By.id("signin-name"));
            field.clear();
            field.sendKeys(name);
            d.findElement(By.id("signin-password")).sendKeys(WebUiServer.PASSWORD, Keys.ENTER);
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), name));
    }

    private static boolean shown(org.openqa.selenium.WebDriver d, String id) {
        List<WebElement> found = d.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    private static void fullPageScreenshot(String name) throws IOException {
        Dimension before = driver.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return Math.min(4000, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) height + 120));
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        screenshot(name);
        driver.manage().window().setSize(before);
    }

    private static void setSql(String sql) {
        WebElement editor = css("#sql-editor");
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'));", editor);
        editor.sendKeys(sql);
        ((JavascriptExecutor) driver).executeScript("document.getElementById('sql-completions').hidden = true;");
    }

    private static void runSql(String sql) {
        setSql(sql);
        driver.findElement(By.id("sql-editor")).sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    }

    private static Path vega(String file) {
        return Path.of(System.getProperty("assay.shared.dir", "../../shared"), "datasets", "vega", file).toAbsolutePath().normalize();
    }

    // ---- tests ----

    @Test
    @Order(1)
    void signsInAndOutAndTheRoleShapesThePage() {
        open("#/datasets");
        css("#signin-name").sendKeys("ana");
        driver.findElement(By.id("signin-password")).sendKeys("wrong-password-here", Keys.ENTER);
        expectedErrors.add("/api/v1/session");
        assertThat(css(".signin-card .problem").getText()).contains("name or password is wrong");
        driver.findElement(By.id("signin-password")).clear();
        driver.findElement(By.id("signin-password")).sendKeys(WebUiServer.PASSWORD, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), "ana · analyst"));
        assertThat(driver.findElement(By.cssSelector("[data-nav=admin]")).isDisplayed()).as("no admin link for an analyst").isFalse();
        assertThat(css("#upload").isDisplayed()).as("an analyst may upload").isTrue();
        driver.findElement(By.id("sign-out")).click();
        css("#signin-name");
        assertThat(driver.findElement(By.id("topbar")).isDisplayed()).isFalse();
    }

    @Test
    @Order(2)
    void uploadsAVegaFileWithProgressAndListsIt() {
        signIn("ana");
        WebElement input = driver.findElement(By.id("upload-file"));
        input.sendKeys(vega("seattle-weather.csv").toString());
        assertThat(css("#dropzone .chosen").getText()).contains("seattle-weather.csv");
        new Select(driver.findElement(By.id("upload-delimiter"))).selectByValue(",");
        css("#upload-start").click();
        present(".upload-status .progress");
        assertThat(css(".upload-status .ok-box").getText()).contains("Imported").contains(DATASET).contains("1,461 rows");
        WebElement row = css("#datasets-table tr[data-dataset=" + DATASET + "]");
        assertThat(row.getText()).contains("1,461").contains("ana");
        css("#dataset-search").sendKeys("nothing-like-this");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".table-card"), "No dataset matches"));
    }

    @Test
    @Order(3)
    void aBadFileGetsAClearError() throws IOException {
        signIn("ana");
        Path bad = Files.writeString(dir.resolve("empty.csv"), "", StandardCharsets.UTF_8);
        driver.findElement(By.id("upload-file")).sendKeys(bad.toString());
        css("#upload-start").click();
        expectedErrors.add("/api/v1/datasets");
        assertThat(css(".upload-status .problem").getText()).contains("empty.csv").contains("empty");
    }

    @Test
    @Order(4)
    void theDatasetPageShowsTheProfileWithChartsFindingsAndInsights() throws IOException {
        signIn("ana");
        open("#/datasets/" + DATASET);
        css("#schema-table, .empty");
        css("#run-analysis").click();
        present(".run-progress");
        css("#profile .col-card[data-column=temp_max]");
        WebElement card = css("#profile .col-card[data-column=temp_max]");
        assertThat(card.getText()).contains("Missing").contains("Distinct").contains("DOUBLE");
        wait.until(d -> !d.findElements(By.cssSelector("#profile .col-card[data-column=temp_max] .mini-chart .main-svg")).isEmpty());
        wait.until(d -> !d.findElements(By.cssSelector("#profile .col-card[data-column=weather] .mini-chart .main-svg")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#profile .col-card[data-column=temp_max] .mini-chart .bars path"))).isNotEmpty();
        assertThat(css(".score-box").getText()).contains("Quality");
        fullPageScreenshot("dataset-page");
        css("#tab-insights").click();
        css("#insights .series");
        wait.until(d -> !d.findElements(By.cssSelector("#insights .series-chart .main-svg")).isEmpty());
        css("#tab-findings").click();
        css("#findings, .tab-panel .empty");
        css("#tab-schema").click();
        assertThat(css("#schema-table").getText()).contains("precipitation").contains("weather");
        css("#download-report summary").click();
        assertThat(driver.findElements(By.cssSelector("#download-report a")).stream().map(a -> a.getAttribute("href")).toList())
                .anyMatch(h -> h.endsWith("format=html")).anyMatch(h -> h.endsWith("format=json")).anyMatch(h -> h.endsWith("format=xlsx"));
        css("#tab-profile").click();
    }

    @Test
    @Order(5)
    void completesDatasetAndColumnNames() {
        signIn("ana");
        open("#/sql");
        WebElement editor = css("#sql-editor");
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'));", editor);
        editor.sendKeys("SELECT * FROM seat");
        WebElement list = css("#sql-completions");
        assertThat(list.getText()).contains(DATASET);
        editor.sendKeys(Keys.ENTER);
        assertThat(editor.getAttribute("value")).isEqualTo("SELECT * FROM " + DATASET);
        editor.sendKeys(" w WHERE w.temp_m");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sql-completions"), "temp_max"));
        assertThat(driver.findElement(By.id("sql-completions")).getText()).contains("temp_min");
        editor.sendKeys(Keys.ESCAPE);
        assertThat(driver.findElement(By.id("sql-completions")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.cssSelector(".ed-highlight .tk-keyword"))).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    @Order(6)
    void runsAQueryOf100000RowsAndScrollsAndSortsIt() {
        signIn("ana");
        open("#/sql");
        runSql("SELECT row_number() OVER () AS n, a.date, a.weather, b.temp_max\nFROM " + DATASET + " a CROSS JOIN " + DATASET + " b\nLIMIT 100000");
        WebElement summary = css("#query-summary");
        assertThat(summary.getText()).contains("100,000 rows").containsPattern("\\d+(\\.\\d)? (ms|s)");
        WebElement head = css("#results-grid .grid-head");
        assertThat(head.getText()).contains("n").contains("BIGINT").contains("weather").contains("VARCHAR");
        assertThat(driver.findElements(By.cssSelector("#results-grid .grid-row")).size()).as("only the rows in view are drawn").isBetween(10, 80);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rows-loaded"), "100,000 of 100,000"));
        WebElement scroller = driver.findElement(By.cssSelector("#results-grid .grid-scroll"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollTop = arguments[0].scrollHeight;", scroller);
        wait.until(d -> d.findElements(By.cssSelector("#results-grid .grid-row[aria-rowindex='100000']")).size() == 1);
        assertThat(driver.findElement(By.cssSelector("#results-grid .grid-row[aria-rowindex='100000']")).getText()).contains("100000");
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollTop = 0;", scroller);
        driver.findElement(By.cssSelector("#results-grid .gh-cell[data-col='0']")).click();
        driver.findElement(By.cssSelector("#results-grid .gh-cell[data-col='0']")).click();
        wait.until(d -> d.findElement(By.cssSelector("#results-grid .grid-row[aria-rowindex='1'] .gc:nth-child(2)")).getText().equals("100000"));
        assertThat(driver.findElement(By.cssSelector("#results-grid .gh-cell[data-col='0']")).getAttribute("aria-sort")).isEqualTo("descending");
        assertThat(css("#history-list").getText()).contains("row_number() OVER ()");
    }

    @Test
    @Order(7)
    void showsAnSqlErrorWhereItPoints() {
        signIn("ana");
        open("#/sql");
        runSql("SELECT weather, count(*)\nFROM " + DATASET + "\nWHERE");
        assertThat(css("#query-error").getText()).contains("line 3").contains("Line 3, column");
        present(".ed-highlight .err-mark");
        runSql("SELECT weather,\n  count(*) AS days\nFROM " + DATASET + "\nGROUP BY weather ORDER BY dayz");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-error"), "dayz"));
        assertThat(css("#query-error").getText()).contains("Line 4, column 27");
        assertThat(driver.findElement(By.cssSelector(".ed-highlight .err-mark")).getText()).isEqualTo("dayz");
    }

    @Test
    @Order(8)
    void cancelsALongQuery() {
        signIn("ana");
        open("#/sql");
        runSql("SELECT count(*) FROM " + DATASET + " a, " + DATASET + " b, " + DATASET + " c, " + DATASET + " d\nWHERE a.temp_max * b.wind > c.precipitation + d.temp_min");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("cancel-query")));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-status"), "Running"));
        driver.findElement(By.id("cancel-query")).click();
        assertThat(css("#query-cancelled").getText()).contains("Cancelled");
        assertThat(driver.findElement(By.id("run-query")).isEnabled()).isTrue();
    }

    @Test
    @Order(9)
    void makesARecommendedChartSwitchesItAndExportsCsv() throws Exception {
        signIn("ana");
        open("#/sql");
        runSql("SELECT date, weather, temp_max FROM " + DATASET + " ORDER BY date");
        css("#query-summary");
        css("#tab-chart").click();
        wait.until(d -> !d.findElements(By.cssSelector("#chart .main-svg")).isEmpty());
        assertThat(new Select(css("#chart-type")).getFirstSelectedOption().getAttribute("value")).isEqualTo("line");
        assertThat(new Select(css("#chart-x")).getFirstSelectedOption().getAttribute("value")).isEqualTo("date");
        assertThat(new Select(css("#chart-y")).getFirstSelectedOption().getAttribute("value")).isEqualTo("temp_max");
        assertThat(driver.findElements(By.cssSelector("#chart .scatterlayer .trace"))).hasSizeGreaterThanOrEqualTo(2);
        new Select(css("#chart-type")).selectByValue("box");
        new Select(css("#chart-x")).selectByValue("weather");
        new Select(css("#chart-color")).selectByValue("");
        wait.until(d -> !d.findElements(By.cssSelector("#chart .boxlayer .trace")).isEmpty());
        new Select(css("#chart-type")).selectByValue("bar");
        new Select(css("#chart-agg")).selectByValue("avg");
        wait.until(d -> !d.findElements(By.cssSelector("#chart .barlayer .trace")).isEmpty());
        fullPageScreenshot("sql-workspace-chart");
        css("#chart-json").click();
        Path json = awaitDownload("assay-chart.json");
        assertThat(Files.readString(json)).contains("\"data\"").contains("\"layout\"").contains("\"type\": \"bar\"");
        css("#export-menu summary").click();
        css("#export-csv").click();
        Path csv = awaitDownload(".csv");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("date,weather,temp_max");
        assertThat(lines).hasSize(1462);
    }

    private static Path awaitDownload(String suffix) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Stream<Path> files = Files.list(downloads)) {
                var found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst();
                if (found.isPresent() && Files.size(found.get()) > 0) {
                    return found.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No download ending in " + suffix + " in " + downloads);
    }

    @Test
    @Order(10)
    void anAdminSeesUsersTokensAndTheAuditEntry() throws IOException {
        signIn("admin");
        open("#/admin/users");
        assertThat(css("#users-table").getText()).contains("ana").contains("vic").contains("analyst").contains("viewer");
        open("#/admin/tokens");
        css("#new-token-name").sendKeys("ci-report");
        driver.findElement(By.cssSelector("#new-token button[type=submit]")).click();
        String secret = css("#token-secret").getAttribute("value");
        assertThat(secret).startsWith("assay_");
        driver.findElement(By.cssSelector(".modal .btn.primary")).click();
        assertThat(css("#tokens-table").getText()).contains("ci-report");
        assertThat(driver.getPageSource()).as("the secret is shown once, then gone").doesNotContain(secret);
        open("#/admin/audit");
        css("#audit-action").sendKeys("dataset.import");
        css("#audit-apply").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), DATASET));
        assertThat(css("#audit-table").getText()).contains("dataset.import").contains("ana").contains("ok");
        css("#audit-action").clear();
        driver.findElement(By.id("audit-action")).sendKeys("query.run");
        css("#audit-apply").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "CROSS JOIN"));
        css("#audit-action").clear();
        css("#audit-apply").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "session.signin"));
        fullPageScreenshot("admin-page");
    }

    @Test
    @Order(18)
    void anAdminAddsTestsAndRemovesAConnectionToTheirOwnDatabase() {
        signIn("admin");
        open("#/admin/connections");
        css("#connections .empty, #connections-table");
        css("#new-connection-name").sendKeys("pg_web");
        css("#new-connection-url").sendKeys("jdbc:postgresql://127.0.0.1:5432/test");
        css("#new-connection-user").sendKeys("postgres");
        driver.findElement(By.cssSelector("#new-connection button[type=submit]")).click();
        WebElement row = css("#connections-table tr[data-connection=pg_web]");
        assertThat(row.getText()).contains("postgresql").contains("jdbc:postgresql://127.0.0.1:5432/test").contains("postgres");
        row.findElement(By.cssSelector("button[aria-label='Test pg_web']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-connection=pg_web] .connection-status"), "reachable"));
        assertThat(css("tr[data-connection=pg_web] .connection-status").getText()).contains("ms").containsIgnoringCase("postgre");
        assertNoSeriousViolations(axeInBothThemes("admin connections"));
        css("tr[data-connection=pg_web] button[aria-label='Remove pg_web']").click();
        driver.findElement(By.cssSelector(".modal .btn.danger")).click();
        wait.until(d -> d.findElements(By.cssSelector("tr[data-connection=pg_web]")).isEmpty());
    }

    @Test
    @Order(11)
    void aViewerCannotReachTheAdminPagesOrAnotherUsersDatasets() {
        signIn("vic");
        assertThat(driver.findElement(By.cssSelector("[data-nav=admin]")).isDisplayed()).isFalse();
        assertThat(driver.findElements(By.id("upload"))).isEmpty();
        wait.until(d -> !d.findElements(By.cssSelector(".table-card .empty, #datasets-table")).isEmpty());
        assertThat(driver.findElements(By.cssSelector("#datasets-table tr[data-dataset=" + DATASET + "]"))).isEmpty();
        open("#/admin");
        assertThat(css("main .empty").getText()).contains("admins only");
        expectedErrors.add("/api/v1/datasets/" + DATASET);
        open("#/datasets/" + DATASET);
        assertThat(css("main .problem").getText()).isNotBlank();
        assertThat(driver.findElements(By.id("profile"))).isEmpty();
    }

    @Test
    @Order(12)
    void worksOnAPhoneAndInTheDarkTheme() throws IOException {
        signIn("ana");
        Dimension before = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            open("#/datasets/" + DATASET);
            css("#profile .col-card");
            assertThat(css("#nav-toggle").isDisplayed()).isTrue();
            long overflow = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
            css("#nav-toggle").click();
            assertThat(css("#nav a[data-nav=sql]").isDisplayed()).isTrue();
            css("#theme-toggle").click();
            String theme = (String) ((JavascriptExecutor) driver).executeScript("return document.documentElement.dataset.theme");
            assertThat(theme).isIn("dark", "light");
            if (!theme.equals("dark")) {
                css("#theme-toggle").click();
            }
            screenshot("phone-dark-dataset");
        } finally {
            driver.manage().window().setSize(before);
            ((JavascriptExecutor) driver).executeScript("localStorage.setItem('assay.theme', 'light')");
        }
    }

    @Test
    @Order(13)
    void dropsAFileOnTheDropzoneToImportIt() {
        signIn("ana");
        open("#/datasets");
        WebElement zone = css("#dropzone");
        // What the browser does when a file is dropped: a drop event whose DataTransfer holds the file.
        ((JavascriptExecutor) driver).executeScript("const dt = new DataTransfer();"
                + "dt.items.add(new File(['id,label\\n1,a\\n2,b\\n3,c\\n'], 'dropped.csv', {type: 'text/csv'}));"
                + "arguments[0].dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + "arguments[0].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));", zone);
        assertThat(css("#dropzone .chosen").getText()).contains("dropped.csv");
        css("#upload-start").click();
        assertThat(css(".upload-status .ok-box").getText()).contains("Imported").contains("dropped").contains("3 rows");
        // The search an earlier test typed is remembered: clear it to see the new dataset in the list.
        ((JavascriptExecutor) driver).executeScript("const s = document.getElementById('dataset-search'); s.value = '';"
                + "s.dispatchEvent(new Event('input', {bubbles: true}));");
        assertThat(css("#datasets-table tr[data-dataset=dropped]").getText()).contains("ana");
    }

    @Test
    @Order(17)
    void anAnalysisStepsSectionShowsOnTheProfileAsATable() {
        signIn("ana");
        open("#/datasets");
        // Depots decide their city, except D07 typed once as "Cty 7": the column-dependencies step lists the pair and
        // the web page shows its section with no code of its own for that step.
        StringBuilder csv = new StringBuilder("shipment,depot,city,carrier\n");
        for (int i = 0; i < 900; i++) {
            csv.append(i).append(",D").append(String.format("%02d", i % 30)).append(',').append(i == 37 ? "Cty " : "City ")
                    .append(i % 30).append(",C").append((i * 7 + i / 13) % 4).append('\n');
        }
        ((JavascriptExecutor) driver).executeScript("const dt = new DataTransfer();"
                + "dt.items.add(new File([arguments[1]], 'depots.csv', {type: 'text/csv'}));"
                + "arguments[0].dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
                css("#dropzone"), csv.toString());
        css("#upload-start").click();
        assertThat(css(".upload-status .ok-box").getText()).contains("Imported").contains("depots").contains("900 rows");
        open("#/datasets/depots");
        css("#run-analysis").click();
        WebElement section = css("#section-column-dependencies");
        assertThat(section.findElement(By.tagName("h2")).getText()).isEqualTo("Columns that determine others");
        assertThat(section.getText()).contains("depot").contains("city").contains("nearly: 1 exception");
        assertThat(section.findElements(By.cssSelector("tbody tr"))).isNotEmpty();
        css("#tab-findings").click();
        assertThat(css("#findings").getText()).contains("city is decided by depot except for 1 value");
        assertNoSeriousViolations(axeInBothThemes("dataset profile with a step's section"));
    }

    @Test
    @Order(14)
    void theJobsPageShowsARunningJobWithProgressAndCancelsIt() {
        signIn("ana");
        // A long query job of ana's, started through the same service the API uses.
        io.assay.platform.jobs.Job job = server.ws.jobs().submit(io.assay.platform.auth.Principal.user("ana", io.assay.platform.auth.Role.ANALYST),
                io.assay.platform.jobs.Job.Kind.QUERY, "a long count", ctx -> {
                    server.ws.queries().run(io.assay.platform.auth.Principal.user("ana", io.assay.platform.auth.Role.ANALYST),
                            io.assay.platform.query.QueryRequest.of("SELECT count(*) FROM " + DATASET + " a, " + DATASET + " b, " + DATASET
                                    + " c, " + DATASET + " d WHERE a.temp_max * b.wind > c.precipitation + d.temp_min"),
                            new io.assay.platform.query.QueryOutput.Keep(), io.assay.platform.audit.AuditService.Origin.NONE, ctx);
                    return java.util.Map.of();
                });
        open("#/jobs");
        String running = "#jobs-table tr[data-job='" + job.id() + "'][data-status=running]";
        assertThat(css(running).getText()).contains("a long count").contains("ana");
        // The table redraws every second while a job runs: find the button afresh if it was redrawn under us.
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElement(By.cssSelector(running + " td.actions button")).click();
            return true;
        });
        css("#jobs-table tr[data-job='" + job.id() + "'][data-status=cancelled]");
    }

    @Test
    @Order(15)
    void anOwnerSharesADatasetWithTheViewerAndTakesItBack() {
        // Switching users signs out while the list may still be refreshing: that request ends in a 401.
        expectedErrors.add("/api/v1/datasets?sort=");
        signIn("vic");
        open("#/datasets");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".table-card"), "No"));
        assertThat(driver.findElements(By.cssSelector("#datasets-table tr[data-dataset=" + DATASET + "]"))).isEmpty();

        signIn("ana");
        open("#/datasets/" + DATASET);
        css("#tab-sharing").click();
        css("#grant-grantee").sendKeys("vic");
        driver.findElement(By.id("grant-add")).click();
        assertThat(css("#grants-table tr[data-grantee=vic]").getText()).contains("vic").contains("can read");

        signIn("vic");
        open("#/datasets");
        ((JavascriptExecutor) driver).executeScript("const s = document.getElementById('dataset-search'); if (s) { s.value = '';"
                + "s.dispatchEvent(new Event('input', {bubbles: true})); }");
        assertThat(css("#datasets-table tr[data-dataset=" + DATASET + "]").getText()).contains("ana");
        assertThat(driver.findElements(By.id("tab-sharing"))).isEmpty();

        signIn("ana");
        open("#/datasets/" + DATASET);
        css("#tab-sharing").click();
        css("#grants-table tr[data-grantee=vic] button").click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("#grants-table tr[data-grantee=vic]")));
        open("#/datasets");
    }

    @Test
    @Order(16)
    void aUserChangesTheirPasswordAndSignsInWithTheNewOne() {
        server.ws.users().create("pia", io.assay.platform.auth.Role.VIEWER, WebUiServer.PASSWORD);
        signIn("pia");
        css("#change-password").click();
        css("#pw-current").sendKeys(WebUiServer.PASSWORD);
        driver.findElement(By.id("pw-new")).sendKeys("pia-has-a-new-password");
        driver.findElement(By.id("pw-again")).sendKeys("pia-has-a-new-password");
        driver.findElement(By.cssSelector("dialog .modal-actions .btn.primary")).click();
        css("#signin-name").sendKeys("pia");
        driver.findElement(By.id("signin-password")).sendKeys("pia-has-a-new-password", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), "pia"));
    }

    // ---- issue 13: the page as a newcomer and a keyboard meet it ----

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static boolean plotlyLoaded() {
        return (Boolean) js("return !!window.Plotly || !!document.querySelector('script[src*=plotly]')"
                + " || performance.getEntriesByType('resource').some(e => e.name.includes('plotly'))");
    }

    private static void go(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    @Test
    @Order(30)
    void plotlyLoadsOnlyWhereAChartIsDrawn() {
        signIn("ana");
        driver.findElement(By.id("sign-out")).click();
        css("#signin-name");
        // A fresh load of the page, as a visitor who is not signed in gets it.
        driver.get(server.url + "/?fresh=" + System.nanoTime() + "#/datasets");
        css("#signin-name").sendKeys("ana");
        assertThat(plotlyLoaded()).as("Plotly on the sign-in page").isFalse();
        driver.findElement(By.id("signin-password")).sendKeys(WebUiServer.PASSWORD, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), "ana"));
        css("#datasets-table tr[data-dataset=" + DATASET + "]");
        go("#/jobs");
        css("#jobs-filter");
        assertThat(plotlyLoaded()).as("Plotly on pages without a chart").isFalse();
        go("#/datasets/" + DATASET);
        css("#tab-profile").click();
        wait.until(d -> !d.findElements(By.cssSelector("#profile .col-card[data-column=temp_max] .mini-chart .main-svg")).isEmpty());
        assertThat(plotlyLoaded()).as("Plotly where a chart is drawn").isTrue();
    }

    @Test
    @Order(31)
    void aDatasetOpensOnItsProfileWhicheverTabAnotherWasLeftOn() throws IOException {
        signIn("ana");
        Path tiny = Files.writeString(dir.resolve("tiny.csv"), "a,b\n1,2\n3,4\n", StandardCharsets.UTF_8);
        driver.findElement(By.id("upload-file")).sendKeys(tiny.toString());
        css("#upload-start").click();
        assertThat(css(".upload-status .ok-box").getText()).contains("tiny");
        go("#/datasets/" + DATASET);
        css("#tab-schema").click();
        wait.until(d -> "true".equals(d.findElement(By.id("tab-schema")).getAttribute("aria-selected")));
        go("#/datasets/tiny");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#main h1"), "tiny"));
        assertThat(css("#tab-profile").getAttribute("aria-selected")).as("a new dataset opens on its profile").isEqualTo("true");
        assertThat(css("#tab-schema").getAttribute("aria-selected")).isEqualTo("false");
        go("#/datasets/" + DATASET);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#main h1"), DATASET));
        assertThat(css("#tab-schema").getAttribute("aria-selected")).as("a dataset keeps its own last tab").isEqualTo("true");
        css("#tab-profile").click();
    }

    @Test
    @Order(32)
    void theKeyboardIsSafeAndFocusFollowsThePage() {
        signIn("ana");
        // Focus moves to the new page's heading after sign-in and on every page change.
        wait.until(d -> "H1".equals(js("return document.activeElement && document.activeElement.tagName")));
        go("#/datasets/" + DATASET);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#main h1"), DATASET));
        wait.until(d -> DATASET.equals(js("return document.activeElement.tagName === 'H1' ? document.activeElement.textContent : null")));

        // Esc closes a menu and gives focus back to its button.
        css("#download-data summary").click();
        wait.until(d -> (Boolean) js("return document.getElementById('download-data').open"));
        driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        wait.until(d -> !(Boolean) js("return document.getElementById('download-data').open"));

        // The hidden file input is not a tab stop: the drop zone is the way to it.
        go("#/datasets");
        css("#datasets-table tr[data-dataset=tiny]");
        assertThat(js("return document.getElementById('upload-file').tabIndex")).isEqualTo(-1L);
        assertThat(css("#dropzone").getAttribute("tabindex")).isEqualTo("0");

        // A delete confirmation focuses Cancel: Enter keeps the dataset.
        css("#datasets-table tr[data-dataset=tiny] button[aria-label='Delete tiny']").click();
        css("dialog.modal");
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("Cancel");
        driver.switchTo().activeElement().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.modal")));
        assertThat(css("#datasets-table tr[data-dataset=tiny]").isDisplayed()).as("Enter on Cancel deletes nothing").isTrue();
        assertThat(server.ws.datasetVersions().keySet()).contains("tiny");
    }

    @Test
    @Order(33)
    void anSqlErrorShowsTheUsersSqlAndPlaceNotTheWrapper() {
        signIn("ana");
        open("#/sql");
        runSql("SELECT 1 + 'a' FROM " + DATASET);
        expectedErrors.add("/api/v1/jobs");
        WebElement error = css("#query-error");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-error"), "Line 1, column 10"));
        assertThat(error.getText()).doesNotContain("CREATE TABLE").doesNotContain("SELECT * FROM (").doesNotContain("^");
        present(".ed-highlight .err-mark");
    }

    @Test
    @Order(34)
    void theSizeColumnShowsTheImportedFilesSize() {
        signIn("ana");
        open("#/datasets");
        // seattle-weather.csv is 48,219 bytes (47 KB), tiny.csv 12: their files, not the engine's 512 KB blocks.
        assertThat(css("#datasets-table tr[data-dataset=" + DATASET + "] td:nth-child(4)").getText()).isEqualTo("47 KB");
        assertThat(css("#datasets-table tr[data-dataset=tiny] td:nth-child(4)").getText()).isEqualTo("12 B");
        assertThat(css("#datasets-table").getText()).doesNotContain("512 KB").doesNotContain(" 0 B");
        open("#/datasets/" + DATASET);
        assertThat(css(".page-head .meta").getText()).contains("47 KB");
    }

    @Test
    @Order(35)
    void whileAnAnalysisRunsThePanelSaysSo() {
        signIn("ana");
        open("#/datasets/tiny");
        assertThat(css(".tab-panel").getText()).contains("Not analysed yet");
        // Whenever the analysis shows as running, the panel must not say it was never analysed.
        js("window.__notAnalysedWhileRunning = false;"
                + "new MutationObserver(() => { const p = document.querySelector('.tab-panel');"
                + " if (document.querySelector('.run-progress') && p && p.textContent.includes('Not analysed yet')) window.__notAnalysedWhileRunning = true; })"
                + ".observe(document.getElementById('main'), { childList: true, subtree: true, characterData: true });");
        css("#run-analysis").click();
        css("#profile");
        assertThat(js("return window.__notAnalysedWhileRunning")).as("'Not analysed yet' during the analysis").isEqualTo(false);
    }

    @Test
    @Order(36)
    void theSqlEditorShowsAVisibleFocusRingAndTheAuditFilterSuggestsAnActionThatIsLogged() {
        signIn("admin");
        open("#/sql");
        css("#sql-editor");
        Object ring = js("const e = document.getElementById('sql-editor'); e.focus();"
                + "const probe = document.createElement('span'); probe.style.color = 'var(--accent)'; document.body.append(probe);"
                + "const accent = getComputedStyle(probe).color; probe.remove(); return getComputedStyle(e).boxShadow + ' | ' + accent;");
        String[] parts = String.valueOf(ring).split(" \\| ");
        assertThat(parts[0]).as("the focused editor's ring in the accent colour").contains(parts[1]).contains("2px");
        open("#/admin/audit");
        String suggested = css("#audit-action").getAttribute("placeholder");
        assertThat(suggested).isEqualTo("query.run");
        css("#audit-action").sendKeys(suggested);
        css("#audit-apply").click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), suggested));
        assertThat(css("#audit-table").getText()).as("the page's own queries are logged as the suggested action").contains("query.run");
    }

    @Test
    @Order(37)
    void theAskBoxTurnsAQuestionIntoEditableSqlItsResultAndARecommendedChart() throws IOException {
        signIn("ana");
        open("#/sql");
        css("#ask-question").sendKeys("What is the average temp_max per weather?", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ask-meaning"), "average of temp_max per weather"));
        String sql = css("#sql-editor").getAttribute("value");
        assertThat(sql).isEqualTo("SELECT \"weather\", avg(\"temp_max\") FROM \"" + DATASET + "\" GROUP BY \"weather\" ORDER BY \"weather\"");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-summary"), "5 rows"));
        // The result opens on the chart recommended for it: categories and a number, a bar chart.
        wait.until(d -> !d.findElements(By.cssSelector("#chart .main-svg")).isEmpty());
        assertThat(new Select(css("#chart-type")).getFirstSelectedOption().getAttribute("value")).isEqualTo("bar");
        assertThat(new Select(css("#chart-x")).getFirstSelectedOption().getAttribute("value")).isEqualTo("weather");
        fullPageScreenshot("ask-box");
        // The SQL is the user's to edit and run again.
        runSql(sql.replace("avg(", "max("));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-summary"), "5 rows"));
        assertThat(css("#sql-editor").getAttribute("value")).contains("max(\"temp_max\")");
    }

    // ---- accessibility: axe-core on every page, in both themes, and on the HTML report ----

    private static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");

    /**
     * The critical and serious axe-core violations on the page as it is now, one line per rule: where, the rule, its
     * impact, how many elements and the first of them with what is wrong there.
     */
    private static List<String> axe(String where) {
        Results results = new AxeBuilder().withTags(AXE_TAGS).analyze(driver);
        assertThat(results.isErrored()).as("axe-core failed on %s: %s", where, results.getErrorMessage()).isFalse();
        assertThat(results.getPasses()).as("axe-core checked %s", where).isNotEmpty();
        List<String> serious = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if ("critical".equals(rule.getImpact()) || "serious".equals(rule.getImpact())) {
                serious.add(where + ": " + describe(rule));
            } else {
                System.out.println("axe-core, " + where + ", not failing the test: " + describe(rule));
            }
        }
        return serious;
    }

    private static String describe(Rule rule) {
        return rule.getId() + " (" + rule.getImpact() + ", " + rule.getNodes().size() + " elements) " + rule.getHelp() + " at "
                + rule.getNodes().stream().limit(3)
                        .map(n -> n.getTarget() + " [" + String.valueOf(n.getFailureSummary()).replaceAll("\\s+", " ").trim() + "]")
                        .collect(Collectors.joining("; "));
    }

    /** Switches the page's theme as a user does: the top bar's button, or on the sign-in page the saved choice and a reload. */
    private static void useTheme(String theme) {
        if (theme.equals(js("return document.documentElement.dataset.theme"))) {
            return;
        }
        if (shown(driver, "theme-toggle")) {
            css("#theme-toggle").click();
        } else {
            js("localStorage.setItem('assay.theme', arguments[0])", theme);
            driver.navigate().refresh();
        }
        wait.until(d -> theme.equals(js("return document.documentElement.dataset.theme")));
        settle();
    }

    /** Waits for colour transitions to end (axe measures contrast on the colours shown at that moment). */
    private static void settle() {
        wait.until(d -> (Long) js("return document.getAnimations().filter(a => a instanceof CSSTransition).length") == 0L);
    }

    /** The page as it is now, checked in the light theme, then in the dark one; it is left in the light theme. */
    private static List<String> axeInBothThemes(String where) {
        // A toast fading out is half-transparent for half a second: axe would measure the contrast of that moment.
        // Let toasts go first (they leave after 4.8 s); the page is what is checked.
        wait.until(d -> d.findElements(By.cssSelector("#toasts .toast")).isEmpty());
        List<String> found = new ArrayList<>();
        for (String theme : List.of("light", "dark")) {
            useTheme(theme);
            found.addAll(axe(where + " (" + theme + ")"));
        }
        useTheme("light");
        return found;
    }

    /** The datasets page without the search an earlier test left in the session's remembered settings. */
    private static void openAllDatasets() {
        open("#/datasets");
        js("sessionStorage.removeItem('assay.datasets')");
        driver.navigate().refresh();
        css("#datasets-table tr[data-dataset=" + DATASET + "]");
    }

    private static void assertNoSeriousViolations(List<String> found) {
        assertThat(found).as("critical and serious axe-core violations").isEmpty();
    }

    @Test
    @Order(40)
    void theSignInPageHasNoSeriousAccessibilityViolations() {
        signIn("ana");
        driver.findElement(By.id("sign-out")).click();
        css("#signin-name");
        expectedErrors.add("/api/v1/session");
        List<String> found = new ArrayList<>();
        // The sign-in page switches theme by reloading: check the form, then the message a wrong password brings, in each.
        for (String theme : List.of("light", "dark")) {
            useTheme(theme);
            css("#signin-name");
            found.addAll(axe("sign-in (" + theme + ")"));
            css("#signin-name").sendKeys("ana");
            driver.findElement(By.id("signin-password")).sendKeys("wrong-password-here", Keys.ENTER);
            css(".signin-card .problem");
            found.addAll(axe("sign-in with an error (" + theme + ")"));
        }
        useTheme("light");
        assertNoSeriousViolations(found);
    }

    @Test
    @Order(41)
    void theDatasetPagesHaveNoSeriousAccessibilityViolations() {
        signIn("ana");
        openAllDatasets();
        List<String> found = new ArrayList<>(axeInBothThemes("datasets"));
        driver.findElement(By.id("upload-file")).sendKeys(vega("seattle-weather.csv").toString());
        css("#dropzone .chosen");
        found.addAll(axeInBothThemes("datasets with a file chosen"));

        open("#/datasets/" + DATASET);
        css("#tab-profile").click();
        wait.until(d -> !d.findElements(By.cssSelector("#profile .col-card[data-column=temp_max] .mini-chart .main-svg")).isEmpty());
        List<String> tabs = driver.findElements(By.cssSelector("#main [role=tab]")).stream().map(t -> t.getAttribute("id")).toList();
        assertThat(tabs).contains("tab-profile", "tab-findings", "tab-insights", "tab-schema", "tab-runs", "tab-sharing");
        for (String tab : tabs) {
            css("#" + tab).click();
            wait.until(d -> "true".equals(d.findElement(By.id(tab)).getAttribute("aria-selected")));
            wait.until(d -> d.findElements(By.cssSelector(".tab-panel .loading")).isEmpty());
            if (tab.equals("tab-insights")) {
                wait.until(d -> !d.findElements(By.cssSelector("#insights .series-chart .main-svg")).isEmpty());
            }
            found.addAll(axeInBothThemes("dataset " + tab));
        }
        css("#download-report summary").click();
        css("#download-report .menu-list");
        found.addAll(axeInBothThemes("dataset with the report menu open"));
        css("#tab-profile").click();
        assertNoSeriousViolations(found);
    }

    @Test
    @Order(42)
    void theSqlPageHasNoSeriousAccessibilityViolations() {
        signIn("ana");
        open("#/sql");
        css("#sql-editor");
        List<String> found = new ArrayList<>(axeInBothThemes("sql"));
        runSql("SELECT date, weather, temp_max, precipitation FROM " + DATASET + " ORDER BY date");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-summary"), "1,461 rows"));
        css("#results-grid .grid-row[aria-rowindex='1']");
        found.addAll(axeInBothThemes("sql results grid"));
        css("#tab-chart").click();
        wait.until(d -> !d.findElements(By.cssSelector("#chart .main-svg")).isEmpty());
        found.addAll(axeInBothThemes("sql chart"));
        runSql("SELECT weather, count(*) FROM " + DATASET + " GROUP BY weather ORDER BY dayz");
        expectedErrors.add("/api/v1/jobs");
        css("#query-error");
        found.addAll(axeInBothThemes("sql error"));
        assertNoSeriousViolations(found);
    }

    @Test
    @Order(43)
    void theJobsTokensAndAdminPagesHaveNoSeriousAccessibilityViolations() {
        signIn("admin");
        List<String> found = new ArrayList<>();
        open("#/jobs");
        css("#jobs-table, #main .empty");
        found.addAll(axeInBothThemes("jobs"));
        open("#/tokens");
        css("#tokens-table, #main .empty");
        found.addAll(axeInBothThemes("tokens"));
        open("#/admin/users");
        css("#users-table");
        found.addAll(axeInBothThemes("admin users"));
        open("#/admin/tokens");
        css("#tokens-table, #main .empty");
        found.addAll(axeInBothThemes("admin tokens"));
        open("#/admin/audit");
        css("#audit-table");
        found.addAll(axeInBothThemes("admin audit"));
        // A dialog is modal (the theme button is out of reach behind it): open it in each theme.
        for (String theme : List.of("light", "dark")) {
            useTheme(theme);
            css("#change-password").click();
            css("dialog.modal #pw-current");
            settle();
            found.addAll(axe("change-password dialog (" + theme + ")"));
            driver.findElement(By.cssSelector("dialog.modal .modal-actions .btn.ghost")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.modal")));
        }
        useTheme("light");
        assertNoSeriousViolations(found);
    }

    @Test
    @Order(44)
    void theHtmlReportHasNoSeriousAccessibilityViolationsWideOrOnAPhoneLightOrDark() throws Exception {
        signIn("ana");
        open("#/datasets/" + DATASET);
        css("#download-report summary").click();
        // The report is a download (an attachment): fetch it as the menu does, then open the file.
        driver.get(css("#download-report a[href$='format=html']").getAttribute("href"));
        Path report = awaitDownload("-report.html");
        driver.get(report.toUri().toString());
        css("main h2");
        Dimension before = driver.manage().window().getSize();
        List<String> found = new ArrayList<>();
        try {
            for (String scheme : List.of("light", "dark")) {
                driver.executeCdpCommand("Emulation.setEmulatedMedia",
                        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
                assertThat(js("return matchMedia('(prefers-color-scheme: dark)').matches")).isEqualTo(scheme.equals("dark"));
                for (int width : new int[] {1400, 390}) {
                    driver.manage().window().setSize(new Dimension(width, 900));
                    wait.until(d -> (Long) js("return window.innerWidth") <= width);
                    settle();
                    found.addAll(axe("report " + width + "px " + scheme));
                }
            }
        } finally {
            driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            driver.manage().window().setSize(before);
        }
        assertNoSeriousViolations(found);
    }

    @Test
    @Order(45)
    void onAPhoneTheDatasetsTableShowsItsKeyColumnsWithoutScrollingSideways() throws IOException {
        signIn("ana");
        openAllDatasets();
        Dimension before = driver.manage().window().getSize();
        List<String> found = new ArrayList<>();
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            wait.until(d -> (Long) js("return window.innerWidth") <= 390);
            WebElement row = css("#datasets-table tr[data-dataset=" + DATASET + "]");
            assertThat(js("return [...document.querySelectorAll('#datasets-table thead th')].filter(th => th.getClientRects().length)"
                    + ".map(th => th.textContent.replace(/[▲▼]/g, '').trim())"))
                    .as("the columns a phone shows").isEqualTo(List.of("Name", "Rows", "Quality", "Actions"));
            assertThat(row.getText()).contains(DATASET).contains("1,461");
            assertThat(row.findElement(By.cssSelector(".score")).getText()).matches("\\d+");
            WebElement delete = row.findElement(By.cssSelector("button[aria-label='Delete " + DATASET + "']"));
            assertThat(delete.isDisplayed()).isTrue();
            assertThat((Long) js("const s = document.getElementById('datasets-table').closest('.table-scroll');"
                    + " return s.scrollWidth - s.clientWidth")).as("the table's overflow sideways").isLessThanOrEqualTo(0L);
            assertThat(((Number) js("return arguments[0].getBoundingClientRect().right", delete)).doubleValue())
                    .as("the Delete button's right edge").isLessThanOrEqualTo(390.0);
            assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                    .as("the page's overflow sideways").isLessThanOrEqualTo(0L);
            js("arguments[0].scrollIntoView({block: 'center'})", row);
            screenshot("phone-datasets");
            found.addAll(axeInBothThemes("datasets on a phone"));
        } finally {
            driver.manage().window().setSize(before);
        }
        assertNoSeriousViolations(found);
    }

    @Test
    @Order(46)
    void onAPhoneTheJobsUsersAndAuditTablesShowTheirKeyColumnsWithoutScrollingSideways() throws IOException {
        signIn("admin");
        // A job of the admin's, so that the jobs table has a row whatever ran before.
        io.assay.platform.auth.Principal admin = io.assay.platform.auth.Principal.user("admin", io.assay.platform.auth.Role.ADMIN);
        io.assay.platform.jobs.Job job = server.ws.jobs().submit(admin, io.assay.platform.jobs.Job.Kind.QUERY, "a quick job for the phone",
                ctx -> java.util.Map.of());
        // Long words do not widen the table: a file name without spaces, and a failure's message.
        server.ws.jobs().submit(admin, io.assay.platform.jobs.Job.Kind.IMPORT,
                "import a-very-long-file-name-without-any-spaces-at-all-from-the-uploads-folder-of-this-server.csv", ctx -> {
                    throw io.assay.engine.AssayException.of(io.assay.engine.ErrorCode.INVALID_INPUT,
                            "The_file_a-very-long-file-name-without-any-spaces-at-all-from-the-uploads-folder.csv_is_not_a_CSV_file.").build();
                });
        Dimension before = driver.manage().window().getSize();
        List<String> found = new ArrayList<>();
        try {
            driver.manage().window().setSize(new Dimension(390, 844));
            wait.until(d -> (Long) js("return window.innerWidth") <= 390);
            keyColumnsOnAPhone("#/jobs", "#jobs-table", List.of("What", "Status", "Progress", "Actions"));
            assertThat(css("#jobs-table tr[data-job='" + job.id() + "']").getText()).contains("a quick job for the phone");
            screenshot("phone-jobs");
            found.addAll(axeInBothThemes("jobs on a phone"));
            keyColumnsOnAPhone("#/admin/users", "#users-table", List.of("Name", "Role", "Actions"));
            assertThat(css("#users-table tr[data-user=ana] select").isDisplayed()).as("ana's role is still at hand").isTrue();
            screenshot("phone-users");
            found.addAll(axeInBothThemes("users on a phone"));
            keyColumnsOnAPhone("#/admin/audit", "#audit-table", List.of("When", "Actor", "Action", "Outcome"));
            assertThat(css("#audit-table").getText()).contains("session.signin");
            screenshot("phone-audit");
            found.addAll(axeInBothThemes("audit on a phone"));
        } finally {
            driver.manage().window().setSize(before);
        }
        assertNoSeriousViolations(found);
    }

    /** On the page at {@code hash}, the table shows exactly {@code columns} (head and every row), and nothing scrolls sideways. */
    private static void keyColumnsOnAPhone(String hash, String table, List<String> columns) {
        open(hash);
        css(table + " tbody tr");
        assertThat(js("return [...document.querySelectorAll('" + table + " thead th')].filter(th => th.getClientRects().length)"
                + ".map(th => th.textContent.trim())")).as("the columns a phone shows on " + hash).isEqualTo(columns);
        assertThat(js("return [...document.querySelectorAll('" + table + " tbody tr')]"
                + ".map(tr => [...tr.cells].filter(td => td.getClientRects().length).length)"))
                .as("the cells each row shows on " + hash).asList().isNotEmpty().containsOnly((long) columns.size());
        assertThat((Long) js("const s = document.querySelector('" + table + "').closest('.table-scroll'); return s.scrollWidth - s.clientWidth"))
                .as("the table's overflow sideways on " + hash).isLessThanOrEqualTo(0L);
        assertThat((Long) js("return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                .as("the page's overflow sideways on " + hash).isLessThanOrEqualTo(0L);
    }

    @Test
    @Order(38)
    void aSavedQueryWithParametersAsksForItsValuesAndRunsThem() throws IOException {
        server.ws.savedQueries().create(io.assay.platform.auth.Principal.user("ana", io.assay.platform.auth.Role.ANALYST), "doubling",
                "SELECT {{n}} * 2 AS doubled, coalesce({{label}}, 'none') AS label", java.util.Optional.empty(),
                List.of(new io.assay.platform.saved.QueryParameter("n", io.assay.platform.saved.QueryParameter.Type.NUMBER,
                                java.util.Optional.empty(), true),
                        io.assay.platform.saved.QueryParameter.optional("label", io.assay.platform.saved.QueryParameter.Type.TEXT)));
        signIn("ana");
        open("#/sql");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("saved-list"), "doubling"));
        driver.findElements(By.cssSelector("#saved-list .side-item")).stream().filter(e -> e.getText().contains("doubling")).findFirst()
                .orElseThrow().click();
        assertThat(css("#param-n").getAttribute("type")).isEqualTo("number");
        css("#param-n").sendKeys("21");
        fullPageScreenshot("saved-query-values");
        driver.findElement(By.cssSelector("dialog .btn.primary")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-summary"), "1 row"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "42"));
        assertThat(css("#results").getText()).contains("none");
        assertThat(css("#sql-editor").getAttribute("value")).contains("{{n}}");

        driver.findElements(By.cssSelector("#saved-list .side-item")).stream().filter(e -> e.getText().contains("doubling")).findFirst()
                .orElseThrow().click();
        css("#param-n").sendKeys("1.5");
        css("#param-label").sendKeys("x' OR 'a'='a");
        driver.findElement(By.cssSelector("dialog .btn.primary")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "x' OR 'a'='a"));
        assertThat(css("#results").getText()).contains("3");

        // Placeholders typed in the editor are no SQL: Run says how to run them, and Save declares them.
        runSql("SELECT {{k}} + 1 AS next_one");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("query-placeholders"), "{{k}}"));
        css("#save-query").click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("save-name"))).sendKeys("next one");
        new org.openqa.selenium.support.ui.Select(css("#save-type-k")).selectByValue("number");
        css("#save-required-k").click();
        fullPageScreenshot("saved-query-declare");
        driver.findElement(By.cssSelector("dialog .btn.primary")).click();
        wait.until(d -> d.findElements(By.cssSelector("#saved-list .side-item")).stream().anyMatch(e -> e.getText().contains("next one")));
        io.assay.platform.saved.SavedQuery saved = server.ws.savedQueries().list(io.assay.platform.auth.Principal.user("ana",
                io.assay.platform.auth.Role.ANALYST), java.util.Optional.empty(), 100).stream().filter(q -> q.name().equals("next one"))
                .findFirst().orElseThrow();
        assertThat(saved.parameters()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("k");
            assertThat(p.type()).isEqualTo(io.assay.platform.saved.QueryParameter.Type.NUMBER);
            assertThat(p.required()).isTrue();
        });
        driver.findElements(By.cssSelector("#saved-list .side-item")).stream().filter(e -> e.getText().contains("next one")).findFirst()
                .orElseThrow().click();
        css("#param-k").sendKeys("41");
        driver.findElement(By.cssSelector("dialog .btn.primary")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("results"), "42"));
    }
}
