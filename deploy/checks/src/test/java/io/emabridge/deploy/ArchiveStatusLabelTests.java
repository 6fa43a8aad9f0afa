package io.emabridge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.emabridge.support.metrics.ArchiveCallTimer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code status} label of {@code ema_archive_request_seconds} as the dashboard, the
 * alert rules (Prometheus and Kubernetes) and the alert unit tests use it: only the
 * values every service's {@link ArchiveCallTimer} records, so that no panel or alert
 * waits for a success label (such as {@code 200}) that no service sends any more.
 */
class ArchiveStatusLabelTests {

	private static final Pattern SELECTOR = Pattern.compile("ema_archive_request_seconds\\w*\\{([^}]*)}");

	/** A status matcher; in the dashboard's JSON its quotes are escaped. */
	private static final Pattern STATUS = Pattern.compile("\\bstatus\\s*(=~|!~|!=|=)\\s*\\\\?\"([^\"\\\\]*)\\\\?\"");

	/** A failure's HTTP status, or a pattern of them ({@code 5..}); never a success. */
	private static final Pattern FAILURE = Pattern.compile("[13-5][0-9.]{2}");

	@Test
	void deployFilesMatchOnlyTheStatusesTheServicesRecord() {
		List<String> values = statusValues();

		assertThat(values).as("status matchers of ema_archive_request_seconds in deploy/").isNotEmpty();
		assertThat(values)
			.as("statuses other than %s, %s and a failure's HTTP status", ArchiveCallTimer.SUCCESS,
					ArchiveCallTimer.NO_ANSWER)
			.allMatch((value) -> value.equals(ArchiveCallTimer.SUCCESS) || value.equals(ArchiveCallTimer.NO_ANSWER)
					|| FAILURE.matcher(value).matches());
		assertThat(values).as("the alert tests feed both workers' successes").contains(ArchiveCallTimer.SUCCESS);
	}

	private static List<String> statusValues() {
		List<String> values = new ArrayList<>();
		for (Path file : files()) {
			Matcher selector = SELECTOR.matcher(DeployFiles.read(file));
			while (selector.find()) {
				Matcher status = STATUS.matcher(selector.group(1));
				while (status.find()) {
					values.addAll(List.of(status.group(2).split("\\|")));
				}
			}
		}
		return values;
	}

	private static List<Path> files() {
		try (Stream<Path> files = Stream.of("grafana", "prometheus", "kubernetes")
			.map(DeployFiles.DEPLOY::resolve)
			.flatMap(ArchiveStatusLabelTests::walk)) {
			return files.filter((path) -> path.toString().matches(".*\\.(json|ya?ml)$")).toList();
		}
	}

	private static Stream<Path> walk(Path directory) {
		try {
			return Files.walk(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
