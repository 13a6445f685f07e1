package dev.freshet.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The catalog page in a real headless Chromium (the system's, Debian's {@code chromium} and {@code chromium-driver},
 * driven by Selenium; nothing is downloaded), served by a real application whose online jobs run: it lists the
 * feature sets with their features and job status, its search box filters them, and a screenshot of it is not blank
 * (saved as {@code target/catalog-page/catalog-page.png} for humans to look at). Without Chromium the test is skipped,
 * saying how to install it, except under {@code CI=true}, where it fails.
 */
class CatalogPageBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "catalog-page");

    @TempDir
    Path dir;

    private CatalogApplication app;
    private ChromeDriverService service;
    private ChromeDriver browser;

    @BeforeEach
    void startApplicationAndBrowser() {
        Path chromium = executable("chromium");
        Path chromedriver = executable("chromedriver");
        app = new CatalogApplication(dir, "--freshet.catalog-page.enabled=true");
        service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                // --no-sandbox: CI runs as root, where Chromium's sandbox does not start.
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1280,1400", "--force-device-scale-factor=1", "--hide-scrollbars",
                        "--no-first-run", "--user-data-dir=" + dir.resolve("chromium-profile"));
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.quit();
            }
            if (service != null) {
                service.stop();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    @Test
    void listsTheFeatureSetsWithFeaturesAndJobStatusFiltersThemAndIsNotBlank() throws IOException {
        app.send("u1", 10.0, Instant.parse("2026-01-01T00:00:01Z"));
        app.send("u2", 20.0, Instant.parse("2026-01-01T00:00:02Z"));
        FreshetEngine engine = app.context().getBean(FreshetEngine.class);
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> engine.supervisedJobs().size() == 2 && engine.supervisedJobs().stream()
                        .allMatch(j -> j.status().state() == JobStatus.State.RUNNING && wroteAnEvent(j)));

        browser.get(app.base() + "/freshet");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-loaded")));

        assertThat(browser.getCurrentUrl()).isEqualTo(app.base() + "/freshet/");
        assertThat(browser.getTitle()).isEqualTo("Freshet catalog");
        assertThat(visibleNames()).containsExactly(app.rows.name(), app.aggregates.name());
        WebElement rows = card(app.rows.name());
        assertThat(rows.getText()).contains("Last transaction", "Each user's latest card transaction", "risk-team",
                "user_id (STRING)", "RUNNING", "2026-01-01T00:00:02Z");
        assertThat(cells(rows)).containsExactly("amount", "DOUBLE", "is_remote", "BOOLEAN");
        WebElement aggregates = card(app.aggregates.name());
        assertThat(aggregates.findElements(By.className("tag"))).extracting(WebElement::getText)
                .containsExactly("payments", "fraud");
        assertThat(aggregates.getText()).contains("fraud-team", "PT1H, PT24H", "RUNNING", "Offline job",
                "0 0 1 1 *");
        assertThat(cells(aggregates)).contains("sum_amount_1h", "count_amount_1d");
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("2 of 2 feature sets");

        Rectangle header = browser.findElement(By.tagName("header")).getRect();
        Rectangle below = new Rectangle(0, header.getY() + header.getHeight(), 800, header.getWidth());
        Path screenshot = screenshot("catalog-page.png");
        assertThat(paintedShare(screenshot, below)).as("share of the page below its header not of the background"
                + " colour, in %s", screenshot.toAbsolutePath()).isGreaterThan(0.2);

        search("fraud");
        assertThat(visibleNames()).containsExactly(app.aggregates.name());
        search("risk-team");
        assertThat(visibleNames()).containsExactly(app.rows.name());
        search("is_remote");
        assertThat(visibleNames()).as("by feature").containsExactly(app.rows.name());
        search("payments count_amount_1h");
        assertThat(visibleNames()).as("every word").containsExactly(app.aggregates.name());
        search("PAYMENTS");
        assertThat(visibleNames()).as("by tag, in any case").containsExactly(app.rows.name(), app.aggregates.name());
        search("no-such-feature");
        assertThat(visibleNames()).isEmpty();
        assertThat(browser.findElement(By.id("count")).getText()).isEqualTo("0 of 2 feature sets");
        Path empty = screenshot("catalog-page-nothing-found.png");
        assertThat(paintedShare(empty, below)).as("the same measure tells an empty page: %s", empty.toAbsolutePath())
                .isLessThan(0.02);
        search("");
        assertThat(visibleNames()).hasSize(2);
    }

    private static boolean wroteAnEvent(SupervisedJob job) {
        return job.current() != null && job.current().newestEventTime().isPresent();
    }

    private List<String> visibleNames() {
        return browser.findElements(By.cssSelector("section.feature-set")).stream().filter(WebElement::isDisplayed)
                .map(s -> s.getDomAttribute("data-name")).toList();
    }

    private WebElement card(String name) {
        return browser.findElement(By.cssSelector("section.feature-set[data-name='" + name + "']"));
    }

    private static List<String> cells(WebElement card) {
        return card.findElements(By.cssSelector("table.features td")).stream().map(WebElement::getText).toList();
    }

    private void search(String text) {
        WebElement box = browser.findElement(By.id("search"));
        box.clear();
        if (!text.isEmpty()) {
            box.sendKeys(text);
        } else {
            // clear() fires no input event: type and delete a character so that the page filters again.
            box.sendKeys("x");
            box.sendKeys(Keys.BACK_SPACE);
        }
    }

    private Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name);
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    /**
     * The share of {@code region}'s pixels in the screenshot that differ from the page's background colour (taken at
     * its bottom right corner): the cards of the feature sets fill most of the region below the header; a page that
     * renders none leaves it blank.
     */
    private static double paintedShare(Path screenshot, Rectangle region) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(screenshot)));
        assertThat(image).as("a PNG at " + screenshot).isNotNull();
        int background = image.getRGB(image.getWidth() - 2, image.getHeight() - 2) & 0xFFFFFF;
        int x0 = Math.max(0, region.getX());
        int y0 = Math.max(0, region.getY());
        int x1 = Math.min(image.getWidth(), region.getX() + region.getWidth());
        int y1 = Math.min(image.getHeight(), region.getY() + region.getHeight());
        long pixels = (long) (x1 - x0) * (y1 - y0);
        assertThat(pixels).as("pixels of %s in a screenshot of %dx%d", region, image.getWidth(), image.getHeight())
                .isGreaterThan(100_000);
        long painted = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (differs(image.getRGB(x, y) & 0xFFFFFF, background)) {
                    painted++;
                }
            }
        }
        return (double) painted / pixels;
    }

    private static boolean differs(int rgb, int background) {
        return Math.abs((rgb >> 16 & 0xFF) - (background >> 16 & 0xFF)) > 3
                || Math.abs((rgb >> 8 & 0xFF) - (background >> 8 & 0xFF)) > 3
                || Math.abs((rgb & 0xFF) - (background & 0xFF)) > 3;
    }

    /** {@code name} on the PATH; else the test is skipped, or fails under CI. */
    private static Path executable(String name) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = name + " is not on the PATH: the catalog page's browser test needs Debian's Chromium and its"
                + " driver (apt-get install -y chromium chromium-driver)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; under CI=true it is required, and .ci/run installs it");
        }
        Assumptions.abort(message + "; skipped outside CI");
        throw new AssertionError("unreachable");
    }
}
