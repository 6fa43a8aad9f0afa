package io.emabridge.provisioning.addon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.provisioning.WorkerIntegrationTests;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.sandbox.archive.ArchiveTenant;
import io.emabridge.sandbox.archive.TenantSeed;
import io.emabridge.sandbox.archive.TenantStatus;
import io.emabridge.sandbox.whmcs.WhmcsProduct;
import io.emabridge.sandbox.whmcs.WhmcsService;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WHMCS addon's page in a real browser: the addon rendered by PHP's built-in server
 * inside a minimal admin area, driven by Chromium, against a running worker and the
 * sandboxes. A dead letter shows up, is previewed and replayed with a reason, and its
 * tenant is provisioned; an inline module's service is adopted by Fix; a request without
 * the CSRF token is refused; a role without access is turned away; every action is in the
 * Activity Log with the admin's name. A screenshot of each page is kept in
 * {@code target/addon-screenshots}.
 */
class AddonPageBrowserTests extends WorkerIntegrationTests {

	private static final Path SCREENSHOTS = Path.of("target", "addon-screenshots");

	private final String token = "addon-" + TestNames.shortId();

	/**
	 * A key the archive does not take yet: every call is refused until the test adds it.
	 */
	private final String key = "key-" + TestNames.shortId();

	@TempDir
	Path dir;

	private AdminArea admin;

	private ChromeDriver browser;

	@BeforeEach
	void emptySandboxes() {
		// the reconciler compares everything it sees: the page shows only this test's
		// services
		archive.clearTenants();
		whmcs.services().forEach((service) -> whmcs.removeService(service.id()));
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.admin != null) {
			this.admin.close();
		}
		archive.removeApiKey(this.key);
	}

	@Test
	void anOperatorReplaysAFailedEventFixesDriftAndForgedRequestsAreRefused() throws Exception {
		Browser.assumeAvailable();
		String workerUrl = "http://127.0.0.1:" + startWorker(web()).getEnvironment().getProperty("local.server.port");
		long failed = TestNames.serviceId();
		ServiceCreated create = Events.create(failed, Instant.now().truncatedTo(ChronoUnit.MILLIS), "Replayed Ltd");
		send(create);
		records(this.dltTopic, 1);
		this.admin = AdminArea.start(this.dir, workerUrl, this.token);
		this.browser = Browser.start(Files.createDirectories(this.dir.resolve("profile")),
				Files.createDirectories(SCREENSHOTS));

		// the dead letter is in the table, linked to its service, in plain words
		open("addonmodules.php?module=easymailarchive");
		assertThat(text("ema-dead-letters")).contains("#" + failed, "service.create", "archive_unauthorized",
				"Set the working key in EMA_ARCHIVE_API_KEY");
		assertThat(this.browser.findElement(By.cssSelector("#ema-dead-letters a")).getAttribute("href"))
			.endsWith("clientsservices.php?productselect=" + failed);
		assertThat(this.browser.getPageSource()).doesNotContain(this.token);
		screenshot("01-failed-event");

		// the key is fixed; the replay is previewed (a dry run), then sent with the
		// reason
		archive.addApiKey(this.key);
		this.browser.findElement(By.id("ema-replay-reason")).sendKeys("archive key fixed");
		click(By.cssSelector("button.ema-replay-one[value='" + create.eventId() + "']"));
		awaitText("ema-result", "Dry run, nothing sent yet: 1 would be replayed");
		assertThat(text("ema-replay-items")).contains(create.eventId().toString(), "would be replayed");
		assertThat(ledgerStatus(failed)).isEqualTo("failed");
		screenshot("02-replay-preview");
		click(By.id("ema-replay-confirm"));
		awaitText("ema-result", "Replay done: 1 replayed");
		screenshot("03-replayed");
		assertThat(awaitSettled(failed, ServiceStatus.ACTIVE).get("slug")).isNotNull();

		// an inline module's service: its Archive slug field names an existing tenant
		long inline = TestNames.serviceId();
		String slug = "inline-" + inline;
		archive.seedTenant(this.key, TenantSeed.of(slug, "Inline Ltd"));
		whmcs.putService(WhmcsService.of(inline, 7).withCustomField(WhmcsProduct.SLUG_FIELD_ID, slug));
		open("addonmodules.php?module=easymailarchive");
		click(By.id("ema-run-now"));
		awaitText("ema-result", "Reconciliation done (nothing changed)");
		assertThat(text("ema-untracked")).contains("#" + inline, slug);
		screenshot("04-drift-report");
		click(By.id("ema-fix"));
		awaitText("ema-result", "Fix done");
		assertThat(text("ema-fixes")).contains("untracked_service", "#" + inline, "adopt", "applied");
		screenshot("05-fixed");
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(serviceRow(inline)).containsEntry("slug", slug)
				.containsEntry("owner_evidence", "adopted_import"));
		assertThat(tenant(slug)).get().extracting(ArchiveTenant::status).isEqualTo(TenantStatus.ACTIVE);

		// a request without the page's CSRF token is refused, and nothing is adopted
		long forged = TestNames.serviceId();
		String other = "forged-" + forged;
		archive.seedTenant(this.key, TenantSeed.of(other, "Forged Ltd"));
		open("addonmodules.php?module=easymailarchive");
		this.browser.findElement(By.name("service_id")).sendKeys(Long.toString(forged));
		this.browser.findElement(By.name("slug")).sendKeys(other);
		this.browser.findElement(By.cssSelector("#ema-adopt-form input[name=reason]")).sendKeys("forged");
		((JavascriptExecutor) this.browser)
			.executeScript("document.querySelectorAll('#ema-adopt-form input[name=token]').forEach((e) => e.remove())");
		click(By.id("ema-adopt-submit"));
		awaitText("ema-result", "Refused: the request did not carry this page's security token");
		screenshot("06-csrf-refused");
		assertThat(this.ledgerDb.queryForList("select slug from service where service_id = ?", forged)).isEmpty();

		// an admin whose role the addon's Access Control does not allow is turned away
		open("addonmodules.php?module=easymailarchive&as=2");
		assertThat(this.browser.findElement(By.tagName("main")).getText()).contains("Access Denied");
		assertThat(this.browser.findElements(By.id("ema-addon"))).isEmpty();
		screenshot("07-access-denied");

		// every action is in WHMCS's Activity Log with the admin's name
		open("systemactivitylog.php?as=1");
		assertThat(text("activity-log")).contains(
				"Jane Operator (jane) previewed a replay of failed event " + create.eventId(),
				"Jane Operator (jane) replayed failed event " + create.eventId() + ", reason \"archive key fixed\"",
				"Jane Operator (jane) ran a reconciliation (report only)", "Jane Operator (jane) ran a fix",
				"Jane Operator (jane) was refused an adoption");
		screenshot("08-activity-log");
	}

	private Map<String, Object> web() {
		Map<String, Object> properties = new HashMap<>(deadLetteringKey(this.key));
		properties.put("spring.main.web-application-type", "servlet");
		properties.put("server.port", 0);
		properties.put("ema.admin.token", this.token);
		properties.put("ema.dead-letters.memory-topic", TestNames.topic("replayed"));
		properties.put("ema.reconcile.schedule", "-");
		return properties;
	}

	private void open(String page) {
		this.browser.get(this.admin.url(page));
	}

	private void click(By button) {
		this.browser.findElement(button).click();
	}

	/** Waits for the page that a click loads: the element, once it says so. */
	private void awaitText(String id, String expected) {
		await().atMost(WAIT).ignoreExceptions().until(textOf(id), (text) -> text.contains(expected));
	}

	private Callable<String> textOf(String id) {
		return () -> text(id);
	}

	private String text(String id) {
		return this.browser.findElement(By.id(id)).getText();
	}

	private String ledgerStatus(long serviceId) {
		return (String) serviceRow(serviceId).get("status");
	}

	private void screenshot(String name) {
		Browser.screenshot(this.browser, SCREENSHOTS.resolve(name + ".png"));
	}

}
