package io.assay.server.web;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.assay.platform.audit.AuditService;
import io.assay.platform.auth.Principal;
import io.assay.platform.auth.Role;
import io.assay.platform.demo.DemoService;
import io.assay.platform.task.TaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dashboards in real headless Chromium (Debian's chromium and chromedriver): an analyst builds one from scratch on the page
 * (its charts saved through the REST API first), adds a filter and sees the charts change, cross-filters by clicking a bar,
 * drills down to the rows, shares it with a viewer who then sees only what their dataset grants allow, makes a public link
 * that opens without signing in (until revoked), in both themes, with axe-core on the list, view and edit pages; and the
 * demo's Sales overview, whose screenshot is docs/images/dashboard.png (written there when -Dassay.docs.images=DIR is given).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots", "dashboards");
    private static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SALES = """
            day,region,amount
            2025-01-01,North,10
            2025-01-01,South,5
            2025-01-02,North,20
            2025-01-02,South,7
            2025-01-02,West,1
            2025-01-03,North,30
            2025-01-03,West,4
            """;
    private static final String COSTS = """
            region,cost
            North,3
            South,2
            West,1
            """;
    private static final String BOARD = "Sales board";

    private static Path dir;
    private static WebUiServer server;
    private static ChromeDriver driver;
    private static WebDriverWait wait;
    private static String anaToken;
    private static String dashboardId;
    private static String publicUrl;
    private final List<String> expectedErrors = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        dir = Files.createTempDirectory("assay-dash-web");
        Files.createDirectories(SCREENSHOTS);
        server = new WebUiServer(dir.resolve("data"));
        anaToken = server.ws.tokens().create(Principal.user("ana", Role.ANALYST), "dashboard browser test", Optional.empty(), Optional.empty()).secret();
        upload("sales.csv", SALES);
        upload("costs.csv", COSTS);
        // The viewer may read sales, not costs.
        rest("PUT", "/api/v1/datasets/sales/grants/vic", Map.of("access", "read"));
        String optionalRegion = "({{region}} IS NULL OR region = {{region}})";
        List<Object> regionParam = List.of(Map.of("name", "region", "type", "text"));
        rest("POST", "/api/v1/saved-charts", Map.of("name", "Revenue by region", "sql", "SELECT region, day, amount FROM sales WHERE " + optionalRegion,
                "parameters", regionParam, "spec", Map.of("type", "bar", "x", "region", "y", List.of("amount"), "aggregation", "sum")));
        rest("POST", "/api/v1/saved-charts", Map.of("name", "Daily revenue", "sql", "SELECT day, region, amount FROM sales WHERE " + optionalRegion,
                "parameters", regionParam, "spec", Map.of("type", "line", "x", "day", "y", List.of("amount"), "aggregation", "sum")));
        rest("POST", "/api/v1/saved-charts", Map.of("name", "Costs by region", "sql", "SELECT region, cost FROM costs",
                "spec", Map.of("type", "bar", "x", "region", "y", List.of("cost"), "aggregation", "sum")));

        ChromeOptions options = Chromium.options(dir.resolve("profile"), 1400, 1000);
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
        screenshot(info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test"));
        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && expectedErrors.stream().noneMatch(e.getMessage()::contains)) {
                severe.add(e.getMessage());
            }
        }
        assertThat(severe).as("SEVERE entries in the browser console").isEmpty();
    }

    // ---- helpers ----

    private static JsonNode rest(String method, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url + path)).header("Authorization", "Bearer " + anaToken)
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as("%s %s: %s", method, path, res.body()).isBetween(200, 299);
        return res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
    }

    private static void upload(String file, String csv) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.url + "/api/v1/datasets?wait=true&filename=" + file))
                .header("Authorization", "Bearer " + anaToken).header("Content-Type", "text/csv").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as("upload %s: %s", file, res.body()).isEqualTo(201);
    }

    private static WebElement css(String selector) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(selector)));
    }

    /** Clicks an element once it shows, scrolled to the middle of the window (never under the sticky top bar). */
    /** Fetches {@code href} in the page, as the signed-in user would by following the link; checks status and type. */
    private static byte[] download(String href, String contentType) {
        Object answer = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {credentials: 'same-origin'}).then(async r => {"
                + "  const bytes = new Uint8Array(await r.arrayBuffer()); let bin = '';"
                + "  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);"
                + "  done([r.status, r.headers.get('content-type'), btoa(bin)]); }).catch(e => done([0, String(e), '']));", href);
        List<?> parts = (List<?>) answer;
        assertThat(((Number) parts.get(0)).intValue()).as("status of " + href + ": " + parts.get(1)).isEqualTo(200);
        assertThat((String) parts.get(1)).startsWith(contentType);
        byte[] body = java.util.Base64.getDecoder().decode((String) parts.get(2));
        assertThat(body.length).isGreaterThan(1000);
        return body;
    }

    private static void clickOn(String selector) {
        WebElement e = css(selector);
        js("arguments[0].scrollIntoView({block: 'center'})", e);
        wait.until(ExpectedConditions.elementToBeClickable(e)).click();
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void go(String hash) {
        js("location.hash = arguments[0]", hash);
    }

    private static boolean shown(WebDriver d, String id) {
        List<WebElement> found = d.findElements(By.id(id));
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    private static void signIn(String name) {
        // A new load of the page (not a change of its #): whatever dialog a test left open is gone.
        driver.get(server.url + "/?load=" + System.nanoTime() + "#/dashboards");
        wait.ignoring(StaleElementReferenceException.class).until(d -> shown(d, "sign-out") || shown(d, "signin-name"));
        if (shown(driver, "sign-out")) {
            driver.findElement(By.id("sign-out")).click();
        }
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement field = d.findElement(By.id("signin-name"));
            field.clear();
            field.sendKeys(name);
            d.findElement(By.id("signin-password")).sendKeys(WebUiServer.PASSWORD, Keys.ENTER);
            return true;
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), name));
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** The card's chart once drawn: its traces' x values, as Plotly holds them. */
    @SuppressWarnings("unchecked")
    private static List<Object> xsOf(String cardTitle) {
        String script = "const c = [...document.querySelectorAll('.dash-card')].find(e => e.querySelector('.dash-card-title').textContent === arguments[0]);"
                + "const p = c && c.querySelector('.js-plotly-plot'); return p && p.data ? p.data.flatMap(t => t.x || t.labels || []) : null;";
        wait.until(d -> js(script, cardTitle) != null);
        return (List<Object>) js(script, cardTitle);
    }

    private static WebElement card(String title) {
        return wait.until(d -> d.findElements(By.cssSelector(".dash-card")).stream()
                .filter(e -> e.findElement(By.cssSelector(".dash-card-title")).getText().equals(title)).findFirst().orElse(null));
    }

    /** Waits for the dashboard's next run to be drawn. */
    private static void awaitRunAfter(String before) {
        wait.until(d -> {
            Object now = js("const g = document.getElementById('dash-grid'); return g ? g.dataset.run || null : null");
            return now != null && !now.equals(before);
        });
    }

    private static String runNo() {
        return String.valueOf(js("const g = document.getElementById('dash-grid'); return g ? g.dataset.run || '' : ''"));
    }

    /** Clicks the bar of the given x in a card's bar chart, as a user's mouse does (Plotly hears it on its drag layer). */
    private static void clickBar(String cardTitle, String x) {
        List<Object> xs = xsOf(cardTitle);
        int i = xs.indexOf(x);
        assertThat(i).as("bar %s in %s", x, xs).isNotNegative();
        WebElement bar = wait.until(d -> {
            List<WebElement> bars = card(cardTitle).findElements(By.cssSelector(".barlayer .point path"));
            return bars.size() > i ? bars.get(i) : null;
        });
        js("arguments[0].scrollIntoView({block: 'center'})", bar);
        new Actions(driver).moveToElement(bar).pause(Duration.ofMillis(150)).click().perform();
    }

    private static List<String> axe(String where) {
        Results results = new AxeBuilder().withTags(AXE_TAGS).analyze(driver);
        assertThat(results.isErrored()).as("axe-core failed on %s: %s", where, results.getErrorMessage()).isFalse();
        assertThat(results.getPasses()).as("axe-core checked %s", where).isNotEmpty();
        List<String> serious = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            String line = where + ": " + rule.getId() + " (" + rule.getImpact() + ") " + rule.getHelp() + " at "
                    + rule.getNodes().stream().limit(3).map(n -> n.getTarget() + " [" + String.valueOf(n.getFailureSummary()).replaceAll("\\s+", " ")
                    + "]").collect(Collectors.joining("; "));
            if ("critical".equals(rule.getImpact()) || "serious".equals(rule.getImpact())) {
                serious.add(line);
            } else {
                System.out.println("axe-core, not failing the test: " + line);
            }
        }
        return serious;
    }

    private static void useTheme(String theme) {
        if (theme.equals(js("return document.documentElement.dataset.theme"))) {
            return;
        }
        clickOn("#theme-toggle");
        wait.until(d -> theme.equals(js("return document.documentElement.dataset.theme")));
        wait.until(d -> (Long) js("return document.getAnimations().filter(a => a instanceof CSSTransition).length") == 0L);
    }

    private static List<String> axeInBothThemes(String where) {
        wait.until(d -> d.findElements(By.cssSelector("#toasts .toast")).isEmpty());
        List<String> found = new ArrayList<>();
        for (String theme : List.of("light", "dark")) {
            useTheme(theme);
            found.addAll(axe(where + " (" + theme + ")"));
        }
        useTheme("light");
        return found;
    }

    // ---- tests ----

    @Test
    @Order(1)
    void anAnalystBuildsADashboardFromScratch() {
        signIn("ana");
        clickOn("nav a[data-nav=dashboards]");
        css("#dash-list");
        clickOn("#dash-new");
        css("#new-dash-name").sendKeys(BOARD);
        driver.findElement(By.xpath("//dialog//button[text()='Create']")).click();
        wait.until(d -> ((String) js("return location.hash")).endsWith("/edit"));
        dashboardId = ((String) js("return location.hash")).replaceAll("^#/dashboards/|/edit$", "");
        css("#edit-grid");

        // Two charts, a KPI and a text card, each placed in the next free place.
        for (String[] add : new String[][] {{"#add-chart", "Revenue by region"}, {"#add-chart", "Daily revenue"}, {"#add-kpi", "Daily revenue"},
                {"#add-chart", "Costs by region"}}) {
            clickOn(add[0]);
            new Select(css("#add-chart-select")).selectByVisibleText(add[1]);
            if (add[0].equals("#add-kpi")) {
                css("#add-chart-title").sendKeys("Revenue, last day");
            }
            driver.findElement(By.xpath("//dialog//button[text()='Add']")).click();
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.modal")));
        }
        clickOn("#add-text");
        css("#text-title").sendKeys("About");
        css("#text-markdown").sendKeys("# Sales\n**Revenue** by region, <script>window.pwned = 1</script>\n- one\n- two");
        driver.findElement(By.xpath("//dialog//button[text()='Add']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.modal")));
        assertThat(driver.findElements(By.cssSelector("#edit-grid .edit-card"))).hasSize(5);
        // Markdown is drawn as text: the script is shown, never run or made an element.
        WebElement text = css("#edit-grid .edit-card[data-type=text]");
        assertThat(text.findElement(By.cssSelector("strong")).getText()).isEqualTo("Revenue");
        assertThat(text.getText()).contains("<script>window.pwned = 1</script>");
        assertThat(text.findElements(By.cssSelector("script"))).isEmpty();
        assertThat(text.findElements(By.cssSelector("li"))).hasSize(2);

        // Keyboard: the text card one column wider and one row down, by its buttons.
        String before = text.findElement(By.cssSelector(".pos")).getText();
        clickOn("#edit-grid .edit-card[data-type=text] button[title='Move down']");
        wait.until(d -> !d.findElement(By.cssSelector("#edit-grid .edit-card[data-type=text] .pos")).getText().equals(before));
        String moved = css("#edit-grid .edit-card[data-type=text] .pos").getText();
        // A place another card holds is refused: the text card cannot move up onto the card above it... unless free; either way
        // the grid never holds two cards in one cell (the server checks it again on save).
        // Mouse: drag the text card's head two columns to the right, then its corner one row taller.
        WebElement handle = css("#edit-grid .edit-card[data-type=text] .drag-handle");
        js("arguments[0].scrollIntoView({block: 'center'})", handle);
        int colW = ((Number) js("return document.getElementById('edit-grid').getBoundingClientRect().width / 12")).intValue();
        new Actions(driver).clickAndHold(handle).moveByOffset(colW, 0).moveByOffset(colW, 0).release().perform();
        wait.until(d -> !d.findElement(By.cssSelector("#edit-grid .edit-card[data-type=text] .pos")).getText().equals(moved));
        String dragged = css("#edit-grid .edit-card[data-type=text] .pos").getText();
        WebElement corner = css("#edit-grid .edit-card[data-type=text] .resize-handle");
        js("arguments[0].scrollIntoView({block: 'center'})", corner);
        new Actions(driver).clickAndHold(corner).moveByOffset(0, 60).moveByOffset(0, 40).release().perform();
        wait.until(d -> !d.findElement(By.cssSelector("#edit-grid .edit-card[data-type=text] .pos")).getText().equals(dragged));

        // A filter bound to the charts' region parameter.
        clickOn("#add-filter");
        WebElement name = css("#f-name-0");
        name.clear();
        name.sendKeys("region", Keys.TAB);
        new Select(css("#f-param-0-0")).selectByVisibleText("region");
        clickOn("#edit-save");
        wait.until(d -> ("#/dashboards/" + dashboardId).equals(js("return location.hash")));
        JsonNode saved;
        try {
            saved = rest("GET", "/api/v1/dashboards/" + dashboardId, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(saved.path("cards").size()).isEqualTo(5);
        assertThat(saved.path("filters").get(0).path("parameters").get(0).asText()).isEqualTo("region");
        JsonNode textCard = null;
        for (JsonNode c : saved.path("cards")) {
            if (c.path("type").asText().equals("text")) {
                textCard = c;
            }
        }
        assertThat(textCard).isNotNull();
        assertThat(textCard.path("h").asInt()).as("made 2 rows tall, then one taller by its corner").isGreaterThanOrEqualTo(3);
        assertThat(js("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    @Order(2)
    void theDashboardDrawsEveryCardAndAFilterChangesTheCharts() {
        signIn("ana");
        go("#/dashboards/" + dashboardId);
        assertThat(xsOf("Revenue by region")).containsExactlyInAnyOrder("North", "South", "West");
        assertThat(xsOf("Costs by region")).containsExactlyInAnyOrder("North", "South", "West");
        // The KPI: the last day's revenue (30 + 4), the change from the day before (28), the sparkline of the three days.
        WebElement kpi = card("Revenue, last day");
        wait.until(d -> !kpi.findElement(By.cssSelector(".kpi-value")).getText().isEmpty());
        assertThat(kpi.findElement(By.cssSelector(".kpi-value")).getText()).isEqualTo("34");
        assertThat(kpi.findElement(By.cssSelector(".kpi-change")).getText()).contains("+6");
        assertThat(kpi.findElements(By.cssSelector(".kpi-spark svg polyline"))).hasSize(1);
        assertThat(card("About").findElement(By.cssSelector("h3")).getText()).isEqualTo("Sales");

        String run = runNo();
        WebElement region = css("#filter-region");
        region.sendKeys("South", Keys.TAB);
        awaitRunAfter(run);
        assertThat(xsOf("Revenue by region")).containsExactly("South");
        assertThat(xsOf("Daily revenue")).hasSize(2);
        assertThat(css("#dash-export-pdf").getAttribute("href")).endsWith("/api/v1/dashboards/" + dashboardId + "/export?format=pdf&filter.region=South");
        assertThat(css("#dash-export-png").getAttribute("href")).contains("format=png", "filter.region=South");
        // Following the links downloads what the server renders for the filter, as the signed-in user: a PDF of the
        // dashboard narrowed to South, and a PNG.
        byte[] pdf = download(css("#dash-export-pdf").getAttribute("href"), "application/pdf");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            // Text: the board, its filter and its KPI; the charts are drawn as images.
            assertThat(text).contains(BOARD, "South", "Revenue, last day");
            int images = 0;
            for (org.apache.pdfbox.pdmodel.PDPage page : doc.getPages()) {
                for (org.apache.pdfbox.cos.COSName name : page.getResources().getXObjectNames()) {
                    if (page.getResources().isImageXObject(name)) {
                        images++;
                    }
                }
            }
            assertThat(images).as("chart images in the PDF").isGreaterThanOrEqualTo(2);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] png = download(css("#dash-export-png").getAttribute("href"), "image/png");
        assertThat(java.util.Arrays.copyOf(png, 4)).containsExactly((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        run = runNo();
        css("#filter-region").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE, Keys.TAB);
        awaitRunAfter(run);
        assertThat(xsOf("Revenue by region")).hasSize(3);
        assertThat(css("#dash-export-pdf").getAttribute("href")).doesNotContain("filter.");
    }

    @Test
    @Order(3)
    void clickingABarCrossFiltersTheDashboardAndDrillsDownToItsRows() {
        signIn("ana");
        go("#/dashboards/" + dashboardId);
        assertThat(xsOf("Revenue by region")).hasSize(3);
        clickBar("Revenue by region", "North");
        assertThat(css("#point-actions").getText()).contains("region = North");
        String run = runNo();
        clickOn("#point-filter");
        awaitRunAfter(run);
        assertThat(css("#cross-chip").getText()).contains("region = North");
        assertThat(css("#filter-region").getAttribute("value")).isEqualTo("North");
        assertThat(xsOf("Revenue by region")).containsExactly("North");
        assertThat(xsOf("Daily revenue")).hasSize(3);
        // The costs chart has no region parameter: the filter leaves it whole.
        assertThat(xsOf("Costs by region")).hasSize(3);
        run = runNo();
        clickOn("#cross-chip-remove");
        awaitRunAfter(run);
        assertThat(driver.findElements(By.id("cross-chip"))).isEmpty();
        assertThat(xsOf("Revenue by region")).hasSize(3);

        // Drill down: the rows of the chart's query behind the bar of West (two sales rows), through the governed API.
        clickBar("Revenue by region", "West");
        clickOn("#point-drill");
        wait.until(d -> d.findElements(By.cssSelector("#drill-table tbody tr")).size() == 2);
        assertThat(css("#dash-drill h2").getText()).isEqualTo("Rows where region = West");
        for (WebElement row : driver.findElements(By.cssSelector("#drill-table tbody tr"))) {
            assertThat(row.findElements(By.tagName("td")).get(0).getText()).isEqualTo("West");
        }
        assertThat(driver.findElements(By.cssSelector("#drill-table thead th"))).extracting(WebElement::getText).containsExactly("region", "day", "amount");
        clickOn("#drill-close");
    }

    @Test
    @Order(4)
    void fullScreenAutoRefreshAndTheDarkTheme() {
        signIn("ana");
        go("#/dashboards/" + dashboardId);
        xsOf("Revenue by region");
        clickOn("#dash-fullscreen");
        wait.until(d -> Boolean.TRUE.equals(js("return document.fullscreenElement !== null && document.fullscreenElement.classList.contains('dash-page')")));
        js("document.exitFullscreen()");
        wait.until(d -> Boolean.TRUE.equals(js("return document.fullscreenElement === null")));
        new Select(css("#dash-autorefresh")).selectByValue("60");
        assertThat(new Select(css("#dash-autorefresh")).getFirstSelectedOption().getText()).isEqualTo("Every minute");
        new Select(css("#dash-autorefresh")).selectByValue("0");
        useTheme("dark");
        // Plotly's text follows the theme.
        String textColor = (String) js("return getComputedStyle(document.documentElement).getPropertyValue('--text').trim()");
        wait.until(d -> {
            Object c = js("const p = document.querySelector('.dash-card .js-plotly-plot'); return p && p.layout && p.layout.font ? p.layout.font.color : null");
            return textColor.equals(c);
        });
        useTheme("light");
    }

    @Test
    @Order(5)
    void theListViewAndEditPagesHaveNoSeriousAccessibilityViolations() {
        signIn("ana");
        go("#/dashboards");
        css("#dashboards-table tr[data-dashboard='" + dashboardId + "']");
        List<String> found = new ArrayList<>(axeInBothThemes("dashboards list"));
        go("#/dashboards/" + dashboardId);
        xsOf("Revenue by region");
        xsOf("Costs by region");
        found.addAll(axeInBothThemes("dashboard"));
        go("#/dashboards/" + dashboardId + "/edit");
        css("#edit-grid .edit-card");
        css("#f-name-0");
        found.addAll(axeInBothThemes("dashboard editor"));
        go("#/charts");
        css("#charts-table");
        found.addAll(axeInBothThemes("charts list"));
        assertThat(found).as("critical and serious axe-core violations").isEmpty();
    }

    @Test
    @Order(6)
    void theOwnerSharesItWithAViewerWhoSeesOnlyWhatTheirGrantsAllow() {
        signIn("ana");
        go("#/dashboards/" + dashboardId);
        clickOn("#dash-share");
        new Select(css("#share-kind")).selectByValue("user");
        css("#share-who").sendKeys("vic");
        clickOn("#share-add");
        css("#share-grants li[data-grantee=vic]");
        assertThat(axe("share dialog")).isEmpty();
        driver.findElement(By.xpath("//dialog//button[text()='Done']")).click();

        // The viewer, in a session of their own.
        driver.manage().deleteAllCookies();
        signIn("vic");
        css("#dashboards-table tr[data-dashboard='" + dashboardId + "']");
        assertThat(driver.findElements(By.id("dash-new"))).as("a viewer makes no dashboards").isEmpty();
        go("#/dashboards/" + dashboardId);
        assertThat(xsOf("Revenue by region")).containsExactlyInAnyOrder("North", "South", "West");
        assertThat(card("Revenue, last day").findElement(By.cssSelector(".kpi-value")).getText()).isEqualTo("34");
        // Costs is a dataset vic may not read: the card says so and shows no number of it.
        WebElement costs = wait.until(d -> d.findElements(By.cssSelector(".dash-card")).stream()
                .filter(e -> e.findElements(By.cssSelector(".problem")).size() == 1).findFirst().orElse(null));
        assertThat(costs.getText()).contains("FORBIDDEN");
        assertThat(costs.findElements(By.cssSelector(".js-plotly-plot"))).isEmpty();
        assertThat(driver.findElements(By.id("dash-edit"))).isEmpty();
        assertThat(driver.findElements(By.id("dash-share"))).isEmpty();
        // The viewer's drill-down is governed as their run is: sales rows yes.
        clickBar("Revenue by region", "South");
        clickOn("#point-drill");
        wait.until(d -> d.findElements(By.cssSelector("#drill-table tbody tr")).size() == 2);
        // And the edit page is refused to a reader.
        go("#/dashboards/" + dashboardId + "/edit");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#main .problem"), "not change it"));
    }

    @Test
    @Order(7)
    void aPublicLinkOpensInAFreshContextWithoutSigningInUntilRevoked() throws Exception {
        signIn("ana");
        go("#/dashboards/" + dashboardId);
        clickOn("#dash-share");
        new Select(css("#link-expiry")).selectByValue("86400");
        clickOn("#link-create");
        publicUrl = css("#link-url").getAttribute("value");
        assertThat(publicUrl).startsWith(server.url + "/public/d/");
        css("#share-links li[data-link]");
        driver.findElement(By.xpath("//dialog//button[text()='Done']")).click();

        // A fresh context: no cookies, no stored settings, nobody signed in.
        driver.manage().deleteAllCookies();
        driver.get(server.url + "/public/d/nothing");
        js("localStorage.clear(); sessionStorage.clear();");
        expectedErrors.add("/api/v1/public/dashboards/");
        expectedErrors.add("/api/v1/session");
        driver.get(publicUrl);
        assertThat(xsOf("Revenue by region")).containsExactlyInAnyOrder("North", "South", "West");
        assertThat(xsOf("Costs by region")).containsExactlyInAnyOrder("North", "South", "West");
        assertThat(css("#main h1").getText()).isEqualTo(BOARD);
        assertThat(driver.findElements(By.id("signin-name"))).isEmpty();
        assertThat(driver.findElements(By.id("dash-edit"))).isEmpty();
        assertThat(js("return fetch('/api/v1/session').then(r => r.status)")).as("nobody is signed in").isEqualTo(401L);
        assertThat(driver.getTitle()).isEqualTo(BOARD + " · Assay");
        List<String> found = new ArrayList<>(axeInBothThemes("public dashboard"));
        assertThat(found).isEmpty();

        // Revoked by its owner: a clear message.
        JsonNode links = rest("GET", "/api/v1/dashboards/" + dashboardId + "/links", null);
        rest("DELETE", "/api/v1/dashboards/" + dashboardId + "/links/" + links.path("items").get(0).path("id").asText(), null);
        driver.navigate().refresh();
        assertThat(css("#public-error h1").getText()).isEqualTo("This link was revoked");
        driver.get(server.url + "/public/d/not-a-token");
        assertThat(css("#public-error h1").getText()).isEqualTo("No dashboard at this link");
    }

    @Test
    @Order(8)
    void theChartsPageListsSearchesOpensAndRefreshesASavedChart() {
        signIn("ana");
        go("#/charts");
        css("#charts-table");
        css("#charts-search").sendKeys("daily");
        wait.until(d -> d.findElements(By.cssSelector("#charts-table tbody tr")).size() == 1);
        clickOn("#charts-table tbody tr a");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#main h1"), "Daily revenue"));
        xsOf("Daily revenue");
        wait.until(d -> "true".equals(d.findElement(By.id("chart-status")).getAttribute("data-cached")));
        clickOn("#chart-refresh");
        wait.until(d -> "false".equals(d.findElement(By.id("chart-status")).getAttribute("data-cached")));
        assertThat(css("#chart-status").getText()).startsWith("Computed");
    }

    @Test
    @Order(9)
    void theSqlPageSavesTheQueryAndItsChartAsASavedChart() {
        signIn("ana");
        go("#/sql");
        WebElement editor = css("#sql-editor");
        js("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input'));", editor);
        editor.sendKeys("SELECT region, amount FROM sales");
        js("document.getElementById('sql-completions').hidden = true;");
        editor.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        clickOn("#tab-chart");
        css("#chart-panel #chart-type");
        clickOn("#save-as-chart");
        css("#chart-save-name").sendKeys("Amount by region");
        new Select(css("#chart-save-type")).selectByValue("bar");
        new Select(css("#chart-save-x")).selectByValue("region");
        new Select(css("#chart-save-y")).selectByValue("amount");
        new Select(css("#chart-save-series")).selectByValue("");
        new Select(css("#chart-save-agg")).selectByValue("sum");
        driver.findElement(By.xpath("//dialog//button[text()='Save']")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog.modal")));
        go("#/charts");
        css("#charts-search").sendKeys("amount by");
        wait.until(d -> d.findElements(By.cssSelector("#charts-table tbody tr")).size() == 1);
        clickOn("#charts-table tbody tr a");
        assertThat(xsOf("Amount by region")).containsExactlyInAnyOrder("North", "South", "West");
    }

    @Test
    @Order(10)
    void theDemosSalesOverview() throws Exception {
        server.ws.generateDemo(Principal.user("admin", Role.ADMIN), DemoService.DEFAULT_SEED, 1, AuditService.Origin.NONE, TaskContext.silent());
        signIn("admin");
        go("#/dashboards");
        css("#dash-search").sendKeys("Sales overview");
        wait.until(d -> d.findElements(By.cssSelector("#dashboards-table tbody tr")).size() == 1);
        clickOn("#dashboards-table tbody tr a");
        css(".kpi-value");
        wait.until(d -> d.findElements(By.cssSelector(".dash-card .main-svg")).size() >= 2);
        wait.until(d -> d.findElements(By.cssSelector(".dash-card .problem")).isEmpty());
        // The whole page, the pointer away from the charts (Plotly shows its mode bar on hover).
        new Actions(driver).moveToElement(css("#main h1")).perform();
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        long height = (Long) js("return Math.min(2400, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), (int) height + 140));
        Thread.sleep(1200);
        screenshot("sales-overview");
        driver.manage().window().setSize(before);
        String docs = System.getProperty("assay.docs.images");
        if (docs != null && !docs.isBlank()) {
            Files.copy(SCREENSHOTS.resolve("sales-overview.png"), Path.of(docs).resolve("dashboard.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
