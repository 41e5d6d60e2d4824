package io.assay.server.web;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The question builder (#/builder) in real headless Chromium (Debian's chromium and chromedriver by path): a question built
 * with the page's controls shows its SQL and its result, opens in the SQL editor, and the page passes axe-core with no
 * critical or serious violation.
 */
class BuilderBrowserTest {

    private static Path dir;
    private static WebUiServer server;
    private static ChromeDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        Chromium.assumeInstalled();
        dir = Files.createTempDirectory("assay-builder");
        server = new WebUiServer(dir.resolve("data"));
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

    private static WebElement css(String selector) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(selector)));
    }

    private static Path vega(String file) {
        return Path.of(System.getProperty("assay.shared.dir", "../../shared"), "datasets", "vega", file).toAbsolutePath().normalize();
    }

    private static void waitForSql(String part) {
        wait.until(d -> d.findElement(By.id("qb-sql")).getText().contains(part));
    }

    @Test
    void aQuestionBuiltOnThePageShowsItsSqlAndResultAndOpensInTheSqlEditor() throws IOException {
        driver.get(server.url + "/#/datasets");
        css("#signin-name").sendKeys("ana");
        driver.findElement(By.id("signin-password")).sendKeys(WebUiServer.PASSWORD, Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), "ana"));
        driver.findElement(By.id("upload-file")).sendKeys(vega("seattle-weather.csv").toString());
        new Select(driver.findElement(By.id("upload-delimiter"))).selectByValue(",");
        css("#upload-start").click();
        assertThat(css(".upload-status .ok-box").getText()).contains("1,461 rows");

        driver.findElement(By.cssSelector("[data-nav=builder]")).click();
        css("#qb-dataset");
        new Select(driver.findElement(By.id("qb-dataset"))).selectByValue("seattle_weather");
        waitForSql("count(*) AS \"count\"");
        // A dimension: the date by month.
        css("#qb-dimensions + button").click();
        wait.until(d -> !d.findElements(By.cssSelector("#qb-dimensions .qb-row")).isEmpty());
        new Select(driver.findElement(By.cssSelector("#qb-dimensions .qb-row select[aria-label='Dimension 1 column']"))).selectByValue("date");
        new Select(driver.findElement(By.cssSelector("#qb-dimensions .qb-row select[aria-label='Dimension 1 grain']"))).selectByValue("month");
        // A second measure: the average of temp_max.
        css("#qb-measures + button").click();
        new Select(css("#qb-measures select[aria-label='Measure 2 function']")).selectByValue("avg");
        new Select(css("#qb-measures select[aria-label='Measure 2 column']")).selectByValue("temp_max");
        // A filter: weather = sun, a value that is bound, not pasted.
        css("#qb-filters + button").click();
        new Select(css("#qb-filters select[aria-label='Filter 1 column']")).selectByValue("weather");
        css("#qb-filters input").sendKeys("sun");
        waitForSql("avg(\"temp_max\") AS \"avg_temp_max\"");
        waitForSql("-- values: \"sun\"");
        String sql = css("#qb-sql").getText();
        assertThat(sql).contains("date_trunc('month', \"date\") AS \"date_month\"", "WHERE \"weather\" = ", "GROUP BY");

        css("#qb-run").click();
        wait.until(d -> !d.findElements(By.cssSelector("#qb-table tbody tr")).isEmpty());
        assertThat(css("#qb-count").getText()).matches("\\d+ rows");
        assertThat(driver.findElement(By.cssSelector("#qb-table thead")).getText()).contains("date_month", "count", "avg_temp_max");
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(Path.of("target", "screenshots", "builder.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")).analyze(driver);
        assertThat(results.isErrored()).as(results.getErrorMessage()).isFalse();
        List<String> serious = new ArrayList<>();
        for (Rule rule : results.getViolations()) {
            if ("critical".equals(rule.getImpact()) || "serious".equals(rule.getImpact())) {
                serious.add(rule.getId() + ": " + rule.getHelp() + " at " + rule.getNodes().stream().limit(3).map(n -> n.getTarget().toString()).toList());
            }
        }
        assertThat(serious).as("critical and serious axe-core violations on #/builder").isEmpty();

        css("#qb-open-sql").click();
        wait.until(d -> d.getCurrentUrl().endsWith("#/sql"));
        WebElement editor = css("#sql-editor");
        String text = (String) ((JavascriptExecutor) driver).executeScript("return arguments[0].value", editor);
        assertThat(text).contains("date_trunc('month', \"date\")", "'sun'").doesNotContain("?");

        List<String> severe = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(e.getMessage());
            }
        }
        assertThat(severe).as("SEVERE entries in the browser console").isEmpty();
    }
}
