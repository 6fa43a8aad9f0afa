package io.emabridge.deploy;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.DefaultValue;
import tools.jackson.databind.JsonNode;

import io.emabridge.deadletters.admin.DeadLettersProperties;
import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.deadletters.replay.ReplayOutcome;
import io.emabridge.model.lifecycle.EventVersion;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.model.topic.Topics;
import io.emabridge.provisioning.drift.Ambiguity;
import io.emabridge.provisioning.drift.DriftKind;
import io.emabridge.provisioning.drift.DriftReport;
import io.emabridge.provisioning.drift.ReconcileStep;
import io.emabridge.provisioning.drift.Remedy;
import io.emabridge.provisioning.ledger.ServiceStatus;
import io.emabridge.provisioning.tenantstate.TenantState;
import io.emabridge.usage.collector.UsageSnapshot;
import io.emabridge.usage.collector.UsageSnapshotJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shapes {@code docs/openapi.yaml} and {@code docs/asyncapi.yaml} describe are those
 * the code answers and publishes: the fields of the records the controllers return, the
 * values of the enums they use, the topics, the headers and the JSON the services write.
 */
class InterfaceShapesTests {

	private static final JsonNode OPENAPI = InterfaceDocs.OPENAPI;

	private static final JsonNode ASYNCAPI = InterfaceDocs.ASYNCAPI;

	@Test
	void answersHaveTheFieldsOfTheRecordsTheControllersReturn() {
		assertFields("io.emabridge.publisher.gateway.EventController$Accepted", "Accepted");
		assertFields("io.emabridge.publisher.gateway.PingController$Ping", "Ping");
		assertFields("io.emabridge.model.lifecycle.Violation", "Violation");
		assertFields("io.emabridge.deadletters.DeadLetterView", "DeadLetterDetail");
		assertFields("io.emabridge.deadletters.DeadLetterView$HeaderView", "Header");
		assertFields("io.emabridge.deadletters.admin.ReplayRequest", "ReplayRequest");
		assertFields("io.emabridge.deadletters.admin.DeadLetterController$ReplayResponse", "ReplayResponse");
		assertFields("io.emabridge.deadletters.replay.ReplayReport$Item", "ReplayItem");
		assertFields("io.emabridge.provisioning.drift.DriftReport", "DriftReport");
		assertFields("io.emabridge.provisioning.drift.Drift", "Drift");
		assertFields("io.emabridge.provisioning.drift.DriftReport$FixResult", "FixResult");
		assertFields("io.emabridge.provisioning.drift.ReconcileStep", "ReconcileStep");
		assertFields("io.emabridge.provisioning.drift.AdoptionController$AdoptionRequest", "AdoptionRequest");
		assertFields("io.emabridge.provisioning.status.StatusController$WorkerStatus", "WorkerStatus");
		assertFields("io.emabridge.provisioning.status.StatusController$LastReconcile", "LastReconcile");
		assertFields("io.emabridge.usage.api.UsageQuery$ServiceUsage", "ServiceUsage");
		assertFields("io.emabridge.usage.collector.CollectionRuns$Run", "CollectionRun");
		assertFields("io.emabridge.usage.writer.UnknownTenants$Unknown", "UnknownTenant");
	}

	@Test
	void answersUseTheValuesOfTheEnums() {
		List<String> outcomes = Stream.of(ReplayOutcome.values()).map(ReplayOutcome::name).toList();
		assertThat(InterfaceDocs.enumValues(InterfaceDocs.schema(OPENAPI, "ReplayOutcome")))
			.containsExactlyElementsOf(outcomes);
		assertThat(OPENAPI.path("components")
			.path("schemas")
			.path("ReplayResponse")
			.path("properties")
			.path("counts")
			.path("properties")
			.propertyNames()).containsExactlyElementsOf(outcomes);

		List<String> kinds = Stream.of(DriftKind.values()).map(DriftKind::value).toList();
		assertThat(InterfaceDocs.enumValues(InterfaceDocs.schema(OPENAPI, "DriftKind")))
			.containsExactlyElementsOf(kinds);
		assertThat(InterfaceDocs.schema(OPENAPI, "DriftReport")
			.path("properties")
			.path("counts")
			.path("properties")
			.propertyNames()).containsExactlyElementsOf(kinds);
		assertThat(InterfaceDocs.enumValues(InterfaceDocs.schema(OPENAPI, "Remedy")))
			.containsExactlyElementsOf(Stream.of(Remedy.values()).map(Remedy::value).toList());
		assertThat(InterfaceDocs
			.enumValues(InterfaceDocs.schema(OPENAPI, "ReconcileStep").path("properties").path("phase")))
			.containsExactlyElementsOf(
					Stream.of(ReconcileStep.Phase.values()).map(ReconcileStep.Phase::value).toList());
		assertThat(
				InterfaceDocs.enumValues(InterfaceDocs.schema(OPENAPI, "Drift").path("properties").path("ambiguity")))
			.containsExactlyElementsOf(Stream.of(Ambiguity.values()).map(Ambiguity::value).toList());
		assertThat(InterfaceDocs
			.enumValues(InterfaceDocs.schema(OPENAPI, "DriftReport").path("properties").path("outcome")))
			.containsExactlyElementsOf(
					Stream.of(DriftReport.Outcome.values()).map(DriftReport.Outcome::value).toList());
	}

	@Test
	void everyTopicIsAChannel() {
		Set<String> addresses = new LinkedHashSet<>();
		ASYNCAPI.path("channels").forEach((channel) -> addresses.add(channel.path("address").asString()));

		assertThat(addresses).containsExactlyInAnyOrder(Topics.LIFECYCLE, Topics.LIFECYCLE_DLT, Topics.TENANT_STATE,
				Topics.USAGE, Topics.USAGE_DLT, defaultMemoryTopic());
	}

	@Test
	void lifecycleRecordsCarryTheCloudEventsHeaders() {
		byte[] event = ("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"service.suspend\","
				+ "\"occurredAt\":\"2026-11-26T19:31:08.123456Z\",\"serviceId\":42}")
			.getBytes(StandardCharsets.UTF_8);

		Set<String> headers = CloudEventHeaders.of(LifecycleEventJson.read(event), "/test").keySet();

		assertThat(InterfaceDocs.required(ASYNCAPI, "CloudEventHeaders")).containsExactlyInAnyOrderElementsOf(headers);
		assertThat(InterfaceDocs.properties(ASYNCAPI, "CloudEventHeaders"))
			.containsExactlyInAnyOrderElementsOf(headers);
	}

	@Test
	void deadLettersCarryTheWorkersHeadersAndReasons() {
		Set<String> ours = Stream.of(DltHeaders.failure("reason", 1, "first", "last").toArray())
			.map(Header::key)
			.collect(Collectors.toSet());
		assertThat(InterfaceDocs.properties(ASYNCAPI, "DeadLetterHeaders")).containsExactlyInAnyOrderElementsOf(ours);
		assertThat(InterfaceDocs.properties(ASYNCAPI, "ReplayHeaders"))
			.containsExactlyInAnyOrder(DltHeaders.REPLAY_COUNT, DltHeaders.REPLAY_REASON, DltHeaders.REPLAYED_FROM);
		assertThat(InterfaceDocs.properties(ASYNCAPI, "SpringDeadLetterHeaders"))
			.contains(DltHeaders.ORIGINAL_TOPIC, DltHeaders.ORIGINAL_PARTITION, DltHeaders.ORIGINAL_OFFSET,
					DltHeaders.ORIGINAL_TIMESTAMP, DltHeaders.EXCEPTION_FQCN, DltHeaders.EXCEPTION_MESSAGE)
			.allMatch((name) -> name.startsWith(DltHeaders.SPRING_PREFIX));

		// the reasons WHMCS notices use (and WHMCS_REJECTED, whose write-backs retry
		// without end) never reach the topic
		assertThat(InterfaceDocs.enumValues(InterfaceDocs.schema(ASYNCAPI, "LifecycleDeadLetterReason")))
			.containsExactlyInAnyOrderElementsOf(Stream.of(io.emabridge.provisioning.failure.DeadLetterReason.values())
				.filter((reason) -> !reason.noticeOnly())
				.filter((reason) -> reason != io.emabridge.provisioning.failure.DeadLetterReason.WHMCS_REJECTED)
				.map(io.emabridge.provisioning.failure.DeadLetterReason::value)
				.toList());
		assertThat(InterfaceDocs.enumValues(InterfaceDocs.schema(ASYNCAPI, "UsageDeadLetterReason")))
			.containsExactlyInAnyOrderElementsOf(Stream.of(io.emabridge.usage.failure.DeadLetterReason.values())
				.map(io.emabridge.usage.failure.DeadLetterReason::value)
				.toList());
	}

	@Test
	void usageSnapshotsHaveTheDescribedFields() {
		Instant now = Instant.parse("2026-12-04T02:00:03.264785Z");
		JsonNode full = json(UsageSnapshotJson.write(new UsageSnapshot("acme", "active", 12, 1024, 99L, 12, now)));
		JsonNode withoutMessages = json(
				UsageSnapshotJson.write(new UsageSnapshot("acme", "active", 12, 1024, null, 12, now)));

		assertThat(InterfaceDocs.properties(ASYNCAPI, "UsageSnapshotPayload"))
			.containsExactlyInAnyOrderElementsOf(full.propertyNames());
		assertThat(InterfaceDocs.required(ASYNCAPI, "UsageSnapshotPayload"))
			.containsExactlyInAnyOrderElementsOf(withoutMessages.propertyNames());
	}

	@Test
	void tenantStatesHaveTheDescribedFields() throws Exception {
		Method writer = Class.forName("io.emabridge.provisioning.tenantstate.KafkaTenantStatePublisher")
			.getDeclaredMethod("json", TenantState.class);
		writer.setAccessible(true);
		Instant now = Instant.parse("2026-12-04T19:25:49.852476Z");
		TenantState state = new TenantState(42, "acme", "https://acme.archive.example.test", ServiceStatus.ACTIVE,
				new EventVersion(now, UUID.randomUUID()), now);

		JsonNode written = json((byte[]) writer.invoke(null, state));

		JsonNode schema = InterfaceDocs.schema(ASYNCAPI, "TenantStatePayload");
		assertThat(InterfaceDocs.required(ASYNCAPI, "TenantStatePayload"))
			.containsExactlyInAnyOrderElementsOf(written.propertyNames());
		assertThat(schema.path("properties").path("version").path("properties").propertyNames())
			.containsExactlyInAnyOrderElementsOf(written.path("version").propertyNames());
		assertThat(InterfaceDocs.enumValues(schema.path("properties").path("status")))
			.containsExactlyElementsOf(Stream.of(ServiceStatus.values()).map(ServiceStatus::value).toList());
	}

	@Test
	void replayMemoryRecordsHaveTheFieldsOfTheReplay() {
		assertThat(InterfaceDocs.properties(ASYNCAPI, "ReplayPayload"))
			.containsExactlyInAnyOrderElementsOf(fields("io.emabridge.deadletters.replay.ReplayMemory$Replay"));
	}

	private static void assertFields(String record, String schema) {
		assertThat(InterfaceDocs.properties(OPENAPI, schema)).as("properties of %s", schema)
			.containsExactlyInAnyOrderElementsOf(fields(record));
	}

	private static List<String> fields(String record) {
		try {
			return Arrays.stream(Class.forName(record).getRecordComponents()).map(RecordComponent::getName).toList();
		}
		catch (ClassNotFoundException ex) {
			throw new AssertionError("no record " + record, ex);
		}
	}

	/** The memory topic's default, from the dead-letter properties' binding. */
	private static String defaultMemoryTopic() {
		RecordComponent[] components = DeadLettersProperties.class.getRecordComponents();
		Parameter[] parameters = DeadLettersProperties.class.getDeclaredConstructors()[0].getParameters();
		for (int i = 0; i < components.length; i++) {
			if (components[i].getName().equals("memoryTopic")) {
				return parameters[i].getAnnotation(DefaultValue.class).value()[0];
			}
		}
		throw new AssertionError("DeadLettersProperties has no memoryTopic");
	}

	private static JsonNode json(byte[] bytes) {
		return LifecycleEventJson.mapper().readTree(bytes);
	}

}
