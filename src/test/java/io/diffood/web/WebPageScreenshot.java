package io.diffood.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Takes the README's screenshot of the page: the digit example scored by the committed demo models
 * (models/demo, the default configuration), the whole page as a PNG. Not part of {@code verify} (the class name
 * does not end in Test) and disabled unless the target file is given:
 *
 * <pre>./mvnw -B test -Dtest=WebPageScreenshot -Dweb-page.screenshot=docs/web-page.png</pre>
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "web-page.screenshot", matches = ".+")
class WebPageScreenshot {

    @TestHTTPResource("/")
    URL root;

    @Test
    void digitExample() {
        Path target = Path.of(System.getProperty("web-page.screenshot"));
        try (HeadlessChromium browser = HeadlessChromium.start(1200, 900)) {
            var driver = browser.driver;
            driver.get(root.toString());
            // the example buttons come from GET /examples
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "true".equals(
                    driver.executeScript("return document.getElementById('examples').dataset.loaded")));
            driver.findElement(By.cssSelector("[data-example='digit']")).click();
            new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> !"busy".equals(state(browser))
                    && !"idle".equals(state(browser)));
            assertEquals("done", state(browser), () -> driver.findElement(By.id("results")).getText());
            // the screenshot shows the page as a person leaves it: no focus ring on the example just clicked
            driver.executeScript("document.activeElement.blur()");
            WebPageBrowserTest.saveFullPageScreenshot(driver, target);
            System.out.println("web page screenshot: " + target.toAbsolutePath());
        }
    }

    private static String state(HeadlessChromium browser) {
        return (String) browser.driver.executeScript("return document.getElementById('results').dataset.state");
    }
}
