package io.emabridge.provisioning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.support.Events;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An operator who turns on debug logging for the HTTP client (or for everything) to chase
 * a problem sees its connections and exchanges, but never the archive's API key or
 * WHMCS's credentials, which its header and wire logs would print.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsOutOfLogsTests extends WorkerIntegrationTests {

	private final String key = "log-probe-key-" + TestNames.shortId();

	@AfterEach
	void removeKey() {
		archive.removeApiKey(this.key);
	}

	@Test
	void debugLogsOfTheHttpClientShowNoKeyAndNoWhmcsCredentials(CapturedOutput output) {
		archive.addApiKey(this.key);
		startWorker(Map.of("ema.archive.api-key", this.key, "logging.level.org.apache.hc", "debug"));
		long id = TestNames.serviceId();

		send(Events.create(id, Instant.now().truncatedTo(ChronoUnit.MICROS), "Log Probe " + id));
		awaitSettled(id, ServiceStatus.ACTIVE);

		// the client's debug logging is on: its other loggers speak
		assertThat(output.getAll()).contains("ex-");
		assertThat(output.getAll()).doesNotContain(this.key)
			.doesNotContain("secret=sandbox")
			.doesNotContain("sandbox-access-key");
	}

}
