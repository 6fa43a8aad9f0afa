package io.emabridge.provisioning.tenantstate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.ledger.ServiceStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written tenant state record is the JSON a Jackson tree of the same fields
 * makes: same fields, same order, same text.
 */
class TenantStateJsonTests {

	@Test
	void writesTheSameBytesAsATreeForOrdinaryStates() {
		for (ServiceStatus status : ServiceStatus.values()) {
			TenantState state = new TenantState(42, "acme-corp", "https://acme-corp.archive.example.test", status,
					new EventVersion(Instant.parse("2026-11-26T19:31:08.123456Z"), UUID.randomUUID()),
					Instant.parse("2026-12-05T00:00:00Z"));
			assertThat(new String(KafkaTenantStatePublisher.json(state), StandardCharsets.UTF_8))
				.isEqualTo(new String(tree(state), StandardCharsets.UTF_8));
		}
	}

	@Test
	void escapesWhatJsonMustEscapeAndWritesNullsAndOtherTextAsTheTreeReadsIt() {
		for (String url : List.of("https://x.test/\"quoted\"\\path", "tab\there\nline\r\u0001\u001f", "Zürich 東京 😀",
				"")) {
			TenantState state = new TenantState(7, null, url, ServiceStatus.SUSPENDED,
					new EventVersion(Instant.parse("2026-01-02T03:04:05.000001Z"), UUID.randomUUID()),
					Instant.parse("2026-01-02T03:04:05.999999999Z"));
			assertThat(LifecycleEventJson.mapper().readTree(KafkaTenantStatePublisher.json(state)))
				.isEqualTo(LifecycleEventJson.mapper().readTree(tree(state)));
		}
	}

	@Test
	void writesInstantsAsTheLifecycleEventsDo() {
		for (String instant : List.of("1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
				"2024-02-29T12:00:00.5Z", "-0001-06-01T00:00:00Z", "+10000-01-01T00:00:00Z")) {
			Instant at = Instant.parse(instant);
			assertThat(KafkaTenantStatePublisher.micros(at)).isEqualTo(LifecycleEventJson.formatInstant(at));
		}
	}

	/** The record as a Jackson tree writes it. */
	private static byte[] tree(TenantState state) {
		ObjectNode node = LifecycleEventJson.mapper().createObjectNode();
		node.put("serviceId", state.serviceId());
		node.put("slug", state.slug());
		node.put("url", state.url());
		node.put("status", state.status().value());
		ObjectNode version = node.putObject("version");
		version.put("occurredAt", LifecycleEventJson.formatInstant(state.version().occurredAt()));
		version.put("eventId", state.version().eventId().toString());
		node.put("updatedAt", LifecycleEventJson.formatInstant(state.updatedAt()));
		return LifecycleEventJson.mapper().writeValueAsBytes(node);
	}

}
