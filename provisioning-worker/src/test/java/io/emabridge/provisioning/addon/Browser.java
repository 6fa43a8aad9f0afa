package io.emabridge.provisioning.addon;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real Chromium, headless, driven through Debian's chromedriver. Where Chromium,
 * chromedriver or PHP is missing the calling test is skipped with a warning, unless
 * {@code EMA_REQUIRE_BROWSER=true} (as in CI) makes that a failure.
 */
final class Browser {

	private static final int WIDTH = 1400;

	private Browser() {
	}

	/** Skips the calling test when a program it needs is missing and not required. */
	static void assumeAvailable() {
		List<String> missing = List.of("chromium", "chromedriver", "php")
			.stream()
			.filter((program) -> onPath(program).isEmpty())
			.toList();
		if (missing.isEmpty()) {
			return;
		}
		String message = "not installed: " + String.join(", ", missing)
				+ " (apt-get install chromium chromium-driver php-cli): the browser test of the WHMCS addon is skipped";
		if (Boolean.parseBoolean(System.getenv("EMA_REQUIRE_BROWSER"))) {
			throw new AssertionError("EMA_REQUIRE_BROWSER=true but " + message);
		}
		System.err.println("WARNING: " + message);
		Assumptions.abort(message);
	}

	/**
	 * A fresh browser with its own profile in {@code profile}, its driver's log in
	 * {@code logs}.
	 */
	static ChromeDriver start(Path profile, Path logs) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(onPath("chromium").orElseThrow().toFile());
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=" + WIDTH + ",1000", "--user-data-dir=" + profile);
		// the driver is given: Selenium Manager, which would look for one on the network,
		// is not asked
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(onPath("chromedriver").orElseThrow().toFile())
			.usingAnyFreePort()
			.withLogFile(logs.resolve("chromedriver.log").toFile())
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		// a replay or a reconciliation answers within the addon's 120 s
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(150));
		return driver;
	}

	/**
	 * The whole page as a PNG, from its top: the window is made as tall as the page
	 * first.
	 */
	static void screenshot(ChromeDriver driver, Path file) {
		JavascriptExecutor script = driver;
		// short first: a page is at least as tall as the window
		driver.manage().window().setSize(new Dimension(WIDTH, 600));
		Number height = (Number) script.executeScript("return document.documentElement.scrollHeight");
		driver.manage().window().setSize(new Dimension(WIDTH, Math.min(height.intValue() + 150, 8000)));
		script.executeScript("window.scrollTo(0, 0)");
		try {
			Files.createDirectories(file.getParent());
			Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Optional<Path> onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, program);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

}
