package io.grpckit.demo.greeter;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import io.grpckit.test.InteropClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The greeter's page ({@code src/main/resources/static}) in a real browser: headless Chromium
 * driven by Selenium, with the page calling the service over the Connect protocol on the
 * HTTP port. Needs Debian's {@code chromium} and {@code chromium-driver}; skipped where they
 * are missing, except in CI ({@code GRPCKIT_REQUIRE_TOOLS=true}), which installs them.
 * Selenium is given both binaries, so Selenium Manager never downloads anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grpckit.server.port=0")
class BrowserPageInteropTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

	// generous for a loaded machine; every wait below polls and returns as soon as it can
	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static ChromeDriver browser;

	@LocalServerPort
	int httpPort;

	@Autowired
	GreeterService service;

	@BeforeAll
	static void startBrowser() {
		InteropClients.assumeInstalled("chromium and chromium-driver", List.of(CHROMIUM, "--version"),
				List.of(CHROMEDRIVER, "--version"));
		ChromeDriverService driver = new ChromeDriverService.Builder()
			.usingDriverExecutable(new File(CHROMEDRIVER))
			.usingAnyFreePort()
			.build();
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// as root in a container: no sandbox, and /tmp instead of a small /dev/shm
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
		browser = new ChromeDriver(driver, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void openPage() {
		browser.get("http://127.0.0.1:" + this.httpPort + "/");
	}

	@Test
	void streamedGreetingsAppearOneAtATime() {
		int count = 8;
		long sentBefore = this.service.probe().repliesSent();
		submit("Selenium", count, 800);

		// the first greeting is on the page while the server has not yet sent the last one
		int shown = waitFor((page) -> {
			int items = greetings().size();
			return (items > 0) ? items : null;
		});
		// SayHello's one reply plus the stream's
		long sent = this.service.probe().repliesSent() - sentBefore;
		assertThat(sent).isLessThan(count + 1);
		assertThat(shown).isLessThan(count);
		assertThat(text("stream-status")).isEqualTo("Streaming…");

		waitFor((page) -> text("stream-status").startsWith("Done") ? true : null);
		assertThat(text("stream-status")).isEqualTo("Done: " + count + " greeting(s).");
		assertThat(greetings()).hasSize(count)
			.allSatisfy((item) -> assertThat(item.getText()).isEqualTo("Hello, Selenium!"));
		assertThat(text("answer")).isEqualTo("Hello, Selenium!");
	}

	@Test
	void anInvalidNameShowsItsCodeAndTheServicesMessage() {
		submit("   ", 3, 0);

		waitFor((page) -> text("stream-status").startsWith("INVALID_ARGUMENT") ? true : null);
		assertThat(text("stream-status")).isEqualTo("INVALID_ARGUMENT: name: must not be blank");
		waitFor((page) -> text("answer").startsWith("INVALID_ARGUMENT") ? true : null);
		assertThat(text("answer")).isEqualTo("INVALID_ARGUMENT: name: must not be blank");
		assertThat(greetings()).isEmpty();
	}

	private void submit(String name, int count, long delayMs) {
		type("name", name);
		type("count", Integer.toString(count));
		type("delay", Long.toString(delayMs));
		browser.findElement(By.id("send")).click();
	}

	private static void type(String id, String text) {
		WebElement input = browser.findElement(By.id(id));
		input.clear();
		input.sendKeys(text);
	}

	private static String text(String id) {
		return browser.findElement(By.id(id)).getText();
	}

	private static List<WebElement> greetings() {
		return browser.findElements(By.cssSelector("#greetings li"));
	}

	private static <T> T waitFor(Function<WebDriver, T> condition) {
		return new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50)).until(condition);
	}

}
