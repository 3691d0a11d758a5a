package io.diffood.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.diffood.testing.FixtureModelsResource;
import io.diffood.testing.TestImages;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web page at GET / in a real headless Chromium (Debian's chromium + chromium-driver), against the function
 * running on the fixture models: upload, drop, keyboard, a refused file. The tests named {@code contract...} and
 * {@code missing...} replace the page's fetch with canned answers of the API contract the backend is growing
 * into (explanations, detectors, p-values), so that the page's rendering of every field is checked before the
 * backend sends them, and its survival when fields are absent or malformed.
 */
@QuarkusTest
@WithTestResource(FixtureModelsResource.class)
class WebPageBrowserTest {

    /**
     * Switch on (true) once POST /score answers {"explain": true} with an {@code explanation}: then the tests
     * against the real backend require the denoised images and the change map on the page. While false they are
     * checked only when the answer had an explanation (today's backend refuses {@code explain}).
     */
    static final boolean BACKEND_SENDS_EXPLANATIONS = true;

    /** The demo's examples; the fixture model set serves copies of them. */
    static final Path EXAMPLES = Path.of("models", "demo", "examples");
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    HeadlessChromium browser;
    ChromeDriver driver;

    @BeforeAll
    static void chromiumIsInstalled() {
        HeadlessChromium.requireInstalled();
    }

    @BeforeEach
    void startBrowser() {
        browser = HeadlessChromium.start(1280, 1000);
        driver = browser.driver;
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    // ---------- against the real function ----------

    @Test
    void uploadedExampleShowsTheDecisionAndTheInputImage() {
        open();
        driver.findElement(By.id("file-input")).sendKeys(EXAMPLES.resolve("digit.png").toAbsolutePath().toString());
        waitForAnswer("done");

        WebElement verdict = driver.findElement(By.cssSelector("#decision #verdict"));
        assertTrue(verdict.isDisplayed(), "the decision is shown");
        assertThat(verdict.getText(), anyOf(equalTo("Out of distribution"), equalTo("In distribution")));
        assertThat(driver.findElement(By.id("decision")).getText(), containsString("decided by"));

        WebElement input = driver.findElement(By.id("input-image"));
        assertTrue(input.isDisplayed(), "the input image is shown");
        assertEquals(28L, script("return document.getElementById('input-image').naturalWidth"), "the digit is decoded");
        assertThat(input.getDomAttribute("alt"), containsString("digit.png"));

        List<WebElement> rows = driver.findElements(By.cssSelector("#scores tbody tr"));
        assertThat("a row per detector score", rows, not(empty()));
        assertThat("one detector decides", driver.findElements(By.cssSelector("#scores tr.deciding")), hasSize(1));
        assertThat(driver.findElement(By.id("cost")).getText(), containsString("denoiser evaluations"));

        assertExplanationImagesShown();
        assertNoPageErrors();
    }

    @Test
    void exampleButtonsAndTheModelSetComeFromTheServer() {
        open();
        List<WebElement> buttons = driver.findElements(By.cssSelector("#examples button.example"));
        assertEquals(List.of("digit", "letter", "shoe"), buttons.stream().map(b -> b.getDomAttribute("data-example")).toList());
        assertThat(buttons.get(2).getText(), containsString("in distribution"));
        for (WebElement img : driver.findElements(By.cssSelector("#examples img"))) {
            assertEquals(28L, driver.executeScript("return arguments[0].naturalWidth", img), "served by GET /examples/{name}");
        }
        assertThat(driver.findElement(By.id("examples-legend")).getText(), containsString("test-models"));
        assertEquals("Model set: test-models", driver.findElement(By.id("model-set")).getText());

        buttons.get(2).click();
        waitForAnswer("done");
        assertThat(driver.findElement(By.id("input-image")).getDomAttribute("alt"), containsString("shoe.png"));
        assertThat("the class name the answer gives", driver.findElement(By.id("decision")).getText(),
                containsString(given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(
                        readExample("shoe.png")))).post("/score").then().statusCode(200).extract().<String>path("labelName")));
        assertNoPageErrors();
    }

    static byte[] readExample(String name) {
        try {
            return Files.readAllBytes(EXAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void refusedFileShowsTheApiErrorMessage(@TempDir Path dir) throws IOException {
        byte[] text = "this is a text file, not a PNG\n".getBytes(StandardCharsets.UTF_8);
        Path fake = dir.resolve("not-an-image.png");
        Files.write(fake, text);
        String message = given().contentType(ContentType.JSON).body(Map.of("image", TestImages.base64(text)))
                .post("/score").then().statusCode(400).extract().path("message");

        open();
        driver.findElement(By.id("file-input")).sendKeys(fake.toString());
        waitForAnswer("error");

        WebElement error = driver.findElement(By.id("error"));
        assertTrue(error.isDisplayed(), "the error is shown");
        assertEquals("alert", error.getDomAttribute("role"));
        assertThat(error.getText(), containsString(message));
        assertEquals("", driver.findElement(By.id("decision")).getText(), "no decision next to a refusal");
        assertNoPageErrors();
    }

    @Test
    void droppedFileIsScored() {
        open();
        driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('examples/shoe.png').then(r => r.blob()).then(blob => {
                  const transfer = new DataTransfer();
                  transfer.items.add(new File([blob], 'dropped-shoe.png', {type: 'image/png'}));
                  const zone = document.getElementById('drop-zone');
                  for (const type of ['dragenter', 'dragover', 'drop']) {
                    zone.dispatchEvent(new DragEvent(type, {dataTransfer: transfer, bubbles: true, cancelable: true}));
                  }
                  done();
                });""");
        waitForAnswer("done");
        assertTrue(driver.findElement(By.id("verdict")).isDisplayed());
        assertThat(driver.findElement(By.id("input-image")).getDomAttribute("alt"), containsString("dropped-shoe.png"));
        assertNoPageErrors();
    }

    @Test
    void keyboardAloneReachesEveryControlAndScoresAnExample() {
        open();
        List<String> focusOrder = new ArrayList<>();
        for (int i = 0; i < 10 && !focusOrder.contains("example:shoe"); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            focusOrder.add((String) script("""
                    const a = document.activeElement;
                    return a.dataset.example ? 'example:' + a.dataset.example : (a.id || a.tagName.toLowerCase());"""));
            assertEquals("solid", script("return getComputedStyle(document.activeElement).outlineStyle"),
                    "visible focus on " + focusOrder.get(focusOrder.size() - 1));
        }
        assertEquals(List.of("drop-zone", "file-input", "example:digit", "example:letter", "example:shoe"), focusOrder,
                "the examples of GET /examples, by file name");

        // Enter and Space on the drop zone open the file chooser (here: the click reaches the file input)
        script("""
                window.__chooserOpened = 0;
                document.getElementById('file-input').addEventListener('click', e => {
                  window.__chooserOpened++;
                  e.preventDefault();
                });""");
        WebElement zone = driver.findElement(By.id("drop-zone"));
        assertEquals("button", zone.getTagName());
        script("document.getElementById('drop-zone').focus()");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        assertEquals(2L, script("return window.__chooserOpened"), "Enter and Space on the drop zone open the chooser");

        // every control is labelled, every image has alt text
        assertEquals(Boolean.TRUE, script("return [...document.querySelectorAll('input')].every(i => i.labels.length > 0)"));
        for (WebElement img : driver.findElements(By.tagName("img"))) {
            assertNotNull(img.getDomAttribute("alt"), "alt on " + img.getDomAttribute("src"));
        }

        // Space on an example button scores it
        script("document.querySelector('[data-example=\"letter\"]').focus()");
        new Actions(driver).sendKeys(Keys.SPACE).perform();
        waitForAnswer("done");
        assertTrue(driver.findElement(By.id("verdict")).isDisplayed());
        assertThat(driver.findElement(By.id("input-image")).getDomAttribute("alt"), containsString("letter.png"));
        for (WebElement img : driver.findElements(By.cssSelector("#results img"))) {
            assertThat("alt text on " + img.getDomAttribute("id"), img.getDomAttribute("alt"), not(is("")));
        }
        assertNoPageErrors();
    }

    // ---------- against canned answers of the API contract ----------

    @Test
    void contractAnswerShowsEveryPart() throws IOException {
        openWithCannedApi(answer(200, ContractAnswers.detectors()), List.of(answer(200, ContractAnswers.score())));
        driver.findElement(By.cssSelector("[data-example='digit']")).click();
        waitForAnswer("done");

        // what the page asked for
        List<Map<String, Object>> requests = scoreRequests();
        assertThat(requests, hasSize(1));
        Map<String, Object> request = requests.get(0);
        assertEquals(Boolean.TRUE, request.get("explain"));
        assertEquals(List.of("knn", "ddp", "msp", "energy"), request.get("detectors"), "every detector of GET /detectors");
        assertEquals(TestImages.base64(Files.readAllBytes(EXAMPLES.resolve("digit.png"))), request.get("image"),
                "base64 without a data: prefix");

        // the decision
        assertEquals("Out of distribution", driver.findElement(By.id("verdict")).getText());
        String decision = driver.findElement(By.id("decision")).getText();
        assertThat(decision, containsString("knn"));
        assertThat(decision, containsString("5 %"));
        assertThat(decision, containsString("Dress (3)"));

        // every detector with its p-value and histogram, the deciding one marked
        List<WebElement> rows = driver.findElements(By.cssSelector("#scores tbody tr"));
        assertThat(rows, hasSize(4));
        WebElement knn = driver.findElement(By.cssSelector("#scores tr[data-detector='knn']"));
        assertThat(knn.getDomAttribute("class"), containsString("deciding"));
        assertEquals("0.31", knn.findElement(By.cssSelector(".score")).getText());
        assertEquals("0.001", knn.findElement(By.cssSelector(".p-value")).getText());
        assertThat(knn.findElements(By.cssSelector("svg.histogram rect.bin")), hasSize(20));
        assertThat(knn.findElements(By.cssSelector("svg.histogram line.marker")), hasSize(1));
        assertThat(knn.findElement(By.cssSelector("svg.histogram")).getDomAttribute("aria-label"),
                containsString("higher than"));
        WebElement energy = driver.findElement(By.cssSelector("#scores tr[data-detector='energy']"));
        assertEquals("—", energy.findElement(By.cssSelector(".p-value")).getText(), "no p-value sent");
        assertThat("no histogram sent", energy.findElements(By.cssSelector("svg")), empty());
        WebElement ddp = driver.findElement(By.cssSelector("#scores tr[data-detector='ddp']"));
        assertThat("a score above the validation range points out of it",
                ddp.findElements(By.cssSelector("svg.histogram polygon.marker-head")), hasSize(1));

        // input beside its denoised versions and the change map
        assertEquals("true", driver.findElement(By.id("results")).getDomAttribute("data-explained"));
        assertExplanationImagesShown();
        assertThat(driver.findElements(By.cssSelector("#denoised figure")), hasSize(2));
        assertEquals(List.of("120", "480"), driver.findElements(By.cssSelector("#denoised figure")).stream()
                .map(f -> f.getDomAttribute("data-timestep")).toList(), "in timestep order");

        // neighbours: thumbnail when sent, class names from GET /detectors
        List<WebElement> neighbours = driver.findElements(By.cssSelector("#neighbours li"));
        assertThat(neighbours, hasSize(2));
        assertThat(neighbours.get(0).getText(), containsString("Dress (3)"));
        assertThat(neighbours.get(0).getText(), containsString("0.93"));
        assertThat(neighbours.get(0).findElements(By.tagName("img")), hasSize(1));
        assertThat(neighbours.get(1).getText(), containsString("Ankle boot (9)"));
        assertThat(neighbours.get(1).findElements(By.tagName("img")), empty());

        // class probabilities: input and each denoised timestep
        assertThat(driver.findElements(By.cssSelector("#probabilities tbody tr")), hasSize(10));
        assertThat(driver.findElements(By.cssSelector("#probabilities thead th")), hasSize(4));
        assertThat(driver.findElements(By.cssSelector("#probabilities .prob.top")), hasSize(3));

        // the cost
        String cost = driver.findElement(By.id("cost")).getText();
        assertThat(cost, containsString("24"));
        assertThat(cost, containsString("35.2 ms"));

        saveFullPageScreenshot(Path.of("target", "web-page-contract.png"));
        assertNoPageErrors();
    }

    @Test
    void contractUnknownFieldIsRetriedOnceWithTheImageAlone() {
        openWithCannedApi(answer(404, Map.of("error", "no_function", "message", "no function matches")),
                List.of(answer(400, Map.of("error", "unknown_field", "message", "unknown field(s) explain")),
                        answer(200, ContractAnswers.todaysScore())));
        driver.findElement(By.cssSelector("[data-example='shoe']")).click();
        waitForAnswer("done");

        List<Map<String, Object>> requests = scoreRequests();
        assertThat(requests, hasSize(2));
        assertEquals(Boolean.TRUE, requests.get(0).get("explain"));
        assertFalse(requests.get(0).containsKey("detectors"), "no detector list without GET /detectors");
        assertEquals(List.of("image"), List.copyOf(requests.get(1).keySet()));

        assertEquals("In distribution", driver.findElement(By.id("verdict")).getText());
        assertThat(driver.findElement(By.id("explanation-note")).getText(), containsString("does not give explanations yet"));
        assertEquals(List.of("ddp", "msp", "maxLogit", "energy"), driver.findElements(By.cssSelector("#scores tbody tr"))
                .stream().map(r -> r.getDomAttribute("data-detector")).toList(), "today's score and baselines");
        assertThat(driver.findElement(By.cssSelector("#scores tr.deciding")).getDomAttribute("data-detector"), is("ddp"));
        assertThat(driver.findElement(By.id("decision")).getText(), containsString("0.338 ≤ threshold 0.8992"));
        assertNoPageErrors();
    }

    @Test
    void missingOrMalformedFieldsNeverBreakThePage() {
        record Case(Map<String, Object> detectors, Map<String, Object> score, String state, String shows) {
        }
        List<Case> cases = List.of(
                new Case(answer(200, Map.of("detectors", "none", "classNames", 7, "decision", 3)),
                        answer(200, Map.of()), "done", "No decision in the answer"),
                new Case(answer(500, "boom"),
                        answer(200, ContractAnswers.malformedScore()), "done", "Out of distribution"),
                new Case(answer(200, ContractAnswers.brokenHistograms()),
                        answer(200, ContractAnswers.brokenExplanation()), "done", "In distribution"),
                new Case(answer(404, ""), answer(503, "Service Unavailable"), "error", "HTTP 503"),
                new Case(answer(404, ""), answer(200, List.of(1, 2)), "error", "not a JSON object"));
        for (Case c : cases) {
            openWithCannedApi(c.detectors(), List.of(c.score()));
            driver.findElement(By.cssSelector("[data-example='letter']")).click();
            waitForAnswer(c.state());
            assertThat(c.toString(), driver.findElement(By.id("results")).getText(), containsString(c.shows()));
            assertNoPageErrors();
        }
    }

    // ---------- helpers ----------

    /**
     * The denoised images and the change map are on the page, decoded. Required when
     * {@link #BACKEND_SENDS_EXPLANATIONS} is on or when the answer had an explanation; otherwise checks that the
     * page said why there are none.
     */
    void assertExplanationImagesShown() {
        boolean explained = "true".equals(driver.findElement(By.id("results")).getDomAttribute("data-explained"));
        if (BACKEND_SENDS_EXPLANATIONS) {
            assertTrue(explained, "POST /score with explain: true should answer with an explanation");
        }
        if (!explained) {
            assertThat(driver.findElement(By.id("explanation-note")).getText(), containsString("explanation"));
            return;
        }
        List<WebElement> denoised = driver.findElements(By.cssSelector("#denoised img"));
        assertThat("denoised images", denoised, not(empty()));
        for (WebElement img : denoised) {
            assertTrue(img.isDisplayed());
            assertThat("a decoded PNG", (Long) driver.executeScript("return arguments[0].naturalWidth", img), greaterThan(0L));
        }
        WebElement changeMap = driver.findElement(By.cssSelector("#change-map img"));
        assertTrue(changeMap.isDisplayed());
        assertThat((Long) driver.executeScript("return arguments[0].naturalWidth", changeMap), greaterThan(0L));
    }

    void open() {
        driver.get(root.toString());
        assertThat(driver.getTitle(), startsWith("diffood"));
        new WebDriverWait(driver, ANSWER_TIMEOUT).until(d -> "true".equals(
                script("return document.getElementById('examples').dataset.loaded")));
    }

    /** Loads the page with its fetch of detectors and score answered from the given canned answers, in order. */
    void openWithCannedApi(Map<String, Object> detectors, List<Map<String, Object>> scores) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("detectors", detectors);
        config.put("score", scores);
        if (!stubInstalled) {
            browser.beforeEveryPage(CANNED_API);
            stubInstalled = true;
        }
        open();
        driver.executeScript("localStorage.setItem('diffood.stub', arguments[0])", json(config));
        driver.navigate().refresh();
        assertEquals(Boolean.TRUE, script("return window.__cannedApi === true"));
    }

    private boolean stubInstalled;

    /** Replaces fetch of detectors and score with the answers in localStorage 'diffood.stub'. */
    static final String CANNED_API = """
            (() => {
              const config = JSON.parse(localStorage.getItem('diffood.stub') || 'null');
              if (!config) return;
              window.__cannedApi = true;
              window.__scoreRequests = [];
              const realFetch = window.fetch.bind(window);
              const respond = (a) => new Response(typeof a.body === 'string' ? a.body : JSON.stringify(a.body), {
                status: a.status,
                headers: {'Content-Type': typeof a.body === 'string' ? 'text/plain' : 'application/json'},
              });
              window.fetch = async (input, init) => {
                const url = new URL(typeof input === 'string' ? input : input.url, location.href);
                if (url.pathname === '/detectors') return respond(config.detectors);
                if (url.pathname === '/score') {
                  window.__scoreRequests.push(JSON.parse(init.body));
                  return respond(config.score[Math.min(window.__scoreRequests.length, config.score.length) - 1]);
                }
                return realFetch(input, init);
              };
            })();""";

    static Map<String, Object> answer(int status, Object body) {
        return Map.of("status", status, "body", body);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> scoreRequests() {
        return (List<Map<String, Object>>) script("return window.__scoreRequests");
    }

    void waitForAnswer(String expectedState) {
        new WebDriverWait(driver, ANSWER_TIMEOUT).until(d -> {
            Object state = script("return document.getElementById('results').dataset.state");
            return "done".equals(state) || "error".equals(state);
        });
        String state = (String) script("return document.getElementById('results').dataset.state");
        assertEquals(expectedState, state, () -> "page state; status: " + driver.findElement(By.id("status")).getText()
                + "; error: " + driver.findElement(By.id("error")).getText());
    }

    void assertNoPageErrors() {
        assertEquals(List.of(), script("return window.__pageErrors"), "script errors or CSP violations on the page");
    }

    Object script(String js) {
        return driver.executeScript(js);
    }

    /** The whole page, however long, as a PNG. */
    static void saveFullPageScreenshot(ChromeDriver driver, Path file) {
        Long height = (Long) driver.executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        Long width = (Long) driver.executeScript("return window.outerWidth");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width.intValue(), height.intValue() + 100));
        Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void saveFullPageScreenshot(Path file) {
        saveFullPageScreenshot(driver, file);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
