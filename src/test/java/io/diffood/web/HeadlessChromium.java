package io.diffood.web;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Debian's Chromium driven through Debian's chromedriver, headless, offline: the binaries are given explicitly,
 * so Selenium Manager never runs (and never downloads a browser or a driver). One instance per test, each with a
 * fresh profile directory that {@link #close()} deletes.
 *
 * <p>Paths: {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} ({@code apt-get install -y chromium
 * chromium-driver}), or the system properties {@code test.chromium} and {@code test.chromedriver} (not under
 * {@code diffood.}: the application's config mapping refuses unknown properties there).
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("test.chromedriver", "/usr/bin/chromedriver"));

    /**
     * Selenium looks for a DevTools binding matching the browser's version at every start and warns when it has
     * none; the tests use only chromedriver's own CDP command endpoint, which needs no binding. Held strongly:
     * java.util.logging keeps loggers weakly.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Fails (never skips) when Chromium or chromedriver is missing: CI installs both in .ci/run. */
    static void requireInstalled() {
        for (Path binary : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(binary)) {
                fail(binary + " is missing: the web page tests drive a real headless Chromium. Install it with "
                        + "`apt-get install -y chromium chromium-driver` (.ci/run does this for CI), or point "
                        + "-Dtest.chromium and -Dtest.chromedriver at the binaries.");
            }
        }
    }

    static HeadlessChromium start(int width, int height) {
        requireInstalled();
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
        // no usage statistics, no Selenium Manager look-ups: the binaries are given below
        System.setProperty("SE_AVOID_STATS", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("diffood-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
                "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-US",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            deleteQuietly(profile);
            throw e;
        }
        driver.manage().window().setSize(new Dimension(width, height));
        // collect script errors, unhandled rejections and Content-Security-Policy violations of every page
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
                window.__pageErrors = [];
                window.addEventListener('error', e => window.__pageErrors.push('error: ' + e.message));
                window.addEventListener('unhandledrejection', e => window.__pageErrors.push('unhandled rejection: ' + e.reason));
                document.addEventListener('securitypolicyviolation',
                    e => window.__pageErrors.push('CSP ' + e.violatedDirective + ' blocked ' + e.blockedURI));
                """));
        return new HeadlessChromium(driver, profile);
    }

    /** Runs before every page's own scripts, on every page this browser opens from now on. */
    void beforeEveryPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
