package io.emabridge.provisioning.notices;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.emabridge.provisioning.failure.DeadLetterReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Activity Log lines are a contract with the WHMCS module, whose admin tab reads them
 * back ("Last failure"). The module's PHP tests parse the same fixture file, so a change
 * of wording on either side fails a test: here, if the worker writes other lines than the
 * fixture holds; there, if the module cannot take the fixture's lines apart.
 */
class ActivityLineContractTests {

	/** Read by {@code ActivityLineContractTest.php} in the module's tests. */
	static final Path FIXTURE = Path.of("..", "whmcs-publisher", "whmcs", "tests", "fixtures",
			"worker-activity-lines.txt");

	private static final NoticeTexts TEXTS = new NoticeTexts("java -jar dlt.jar", "kafka.internal:9092",
			"ema.lifecycle.v1-dlt", URI.create("http://worker.internal:8081"));

	private static final Instant AT = Instant.parse("2026-11-27T03:00:00Z");

	@Test
	void theWorkersLinesAreTheOnesTheModuleIsTestedWith() throws IOException {
		List<String> lines = new ArrayList<>();
		long serviceId = 1042;
		for (DeadLetterReason reason : DeadLetterReason.values()) {
			if (reason == DeadLetterReason.ARCHIVE_KEY_REFUSED) {
				continue; // about the installation, never one service: the tab never
							// shows it
			}
			lines.add(TEXTS.failureLine(notice(serviceId, reason, null, false)));
			lines.add(TEXTS.failureLine(notice(serviceId, reason, "482915", false)));
			lines.add(TEXTS.recoveryLine(notice(serviceId, reason, "482915", true)));
			serviceId++;
		}
		String expected = String.join("\n", lines) + "\n";

		if (Boolean.getBoolean("ema.contract.write")) {
			// -Dema.contract.write=true rewrites the fixture after a deliberate change of
			// wording
			Files.writeString(FIXTURE, expected, StandardCharsets.UTF_8);
		}
		assertThat(Files.readString(FIXTURE, StandardCharsets.UTF_8))
			.as("%s: the lines the WHMCS module is tested with; after a deliberate change of wording rewrite it"
					+ " with -Dema.contract.write=true and run the module's tests", FIXTURE)
			.isEqualTo(expected);
	}

	private static Notice notice(long serviceId, DeadLetterReason reason, String ticketNumber, boolean resolved) {
		return new Notice(1, serviceId, 7L, resolved, reason, "401 Unauthenticated", List.of("service.create"), 1, AT,
				AT, resolved ? AT.plusSeconds(600) : null, resolved ? "active" : null,
				resolved ? List.of("service.create") : List.of(), 0, 0, (ticketNumber != null) ? 17L : null,
				ticketNumber, false, false, 0);
	}

}
