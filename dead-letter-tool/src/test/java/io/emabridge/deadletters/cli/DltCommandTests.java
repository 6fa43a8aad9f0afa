package io.emabridge.deadletters.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import io.emabridge.deadletters.DeadLetterFixtures;
import io.emabridge.deadletters.DeadLetterFixtures.Letter;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

class DltCommandTests {

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(2, ChronoUnit.HOURS);

	private final DeadLetterFixtures fixtures = new DeadLetterFixtures();

	private String lifecycle;

	private String dlt;

	private String memory;

	private Letter create;

	private Letter suspend;

	@BeforeEach
	void deadLetters() {
		this.lifecycle = TestNames.topic("lifecycle");
		this.dlt = this.lifecycle + "-dlt";
		this.memory = TestNames.topic("replayed");
		SharedKafka.createTopic(this.lifecycle, 2);
		SharedKafka.createTopic(this.dlt, 1);
		this.create = Letter.of(7, "service.create", "archive_unauthorized", this.lifecycle, this.t0);
		this.suspend = Letter.of(8, "service.suspend", "retries_exhausted", this.lifecycle, this.t0.plusSeconds(60));
		this.fixtures.write(this.dlt, this.create, this.suspend);
	}

	@AfterEach
	void close() {
		this.fixtures.close();
	}

	@Test
	void listPrintsATableWithReasonAndAttempts() {
		Run run = dlt("list");

		assertThat(run.code).isZero();
		assertThat(run.out).contains("TIME", "SERVICE", "TYPE", "EVENT ID", "REASON", "ATTEMPTS")
			.contains(this.create.eventId(), "service.create", "archive_unauthorized")
			.contains(this.suspend.eventId(), "retries_exhausted")
			.contains("2 dead letter(s) in " + this.dlt);
	}

	@Test
	void listFiltersAndPrintsJsonForScripts() {
		Run run = dlt("list", "--reason", "unauthorized", "--json");

		assertThat(run.code).isZero();
		JsonNode json = Output.JSON.readTree(run.out);
		assertThat(json.size()).isEqualTo(1);
		assertThat(json.get(0).get("eventId").asString()).isEqualTo(this.create.eventId());
		assertThat(json.get(0).get("serviceId").asString()).isEqualTo("7");
		assertThat(json.get(0).get("attempts").asInt()).isEqualTo(3);
		assertThat(dlt("list", "--type", "suspend", "--since", this.t0.plusSeconds(30).toString()).out)
			.contains(this.suspend.eventId())
			.doesNotContain(this.create.eventId());
	}

	@Test
	void showPrintsEveryHeaderAndTheValue() {
		Run run = dlt("show", this.create.eventId());

		assertThat(run.code).isZero();
		assertThat(run.out).contains("kafka_dlt-original-topic: " + this.lifecycle)
			.contains("ema_dlt_reason: archive_unauthorized")
			.contains("ce_id: " + this.create.eventId())
			.contains("\"serviceId\":7");
	}

	@Test
	void showOfAnUnknownEventFails() {
		Run run = dlt("show", "00000000-0000-0000-0000-000000000000");

		assertThat(run.code).isEqualTo(1);
		assertThat(run.err).contains("no dead letter of event");
	}

	@Test
	void replayOnceThenSkipsThenAgain() {
		Run first = dlt("replay", "--all", "--reason", "key fixed");
		Run second = dlt("replay", "--all", "--reason", "key fixed");
		Run again = dlt("replay", "--service", "7", "--again", "--reason", "once more", "--json");

		assertThat(first.code).isZero();
		assertThat(first.out).contains("2 replayed, 0 would be replayed, 0 already replayed (skipped), 0 failed");
		assertThat(first.err).contains("replay: done, 2 dead letters read, 2 sent again, in ");
		assertThat(second.err).contains("replay: done, 2 dead letters read, 0 sent again, in ");
		assertThat(second.out).contains("0 replayed, 0 would be replayed, 2 already replayed (skipped), 0 failed");
		assertThat(again.code).isZero();
		assertThat(Output.JSON.readTree(again.out).get("items").get(0).get("outcome").asString()).isEqualTo("REPLAYED");
		assertThat(DeadLetterFixtures.records(this.lifecycle)).hasSize(3);
		assertThat(dlt("list").out).containsPattern("(?m)" + this.create.eventId() + ".*2\\s*$");
	}

	@Test
	void dryRunPublishesNothing() {
		Run run = dlt("replay", "--failure-reason", "retries", "--dry-run");

		assertThat(run.code).isZero();
		assertThat(run.out).contains("would_replay", this.suspend.eventId()).doesNotContain(this.create.eventId());
		assertThat(run.err).contains("replay: done, 2 dead letters read, 1 would be sent again");
		assertThat(DeadLetterFixtures.records(this.lifecycle)).isEmpty();
	}

	@Test
	void wrongUsageIsExplained() {
		assertThat(dlt("replay", "--reason", "x")).satisfies((run) -> {
			assertThat(run.code).isEqualTo(2);
			assertThat(run.err).contains("give filters", "--all");
		});
		assertThat(dlt("replay", "--all")).satisfies((run) -> {
			assertThat(run.code).isEqualTo(2);
			assertThat(run.err).contains("--reason is required");
		});
		assertThat(dlt("replay", "--all", "--service", "7", "--reason", "x").err).contains("leave out");
		assertThat(dlt("list", "--since", "yesterday").err).contains("is not a time");
		assertThat(dlt("replay", "--all", "--reason", "x", "--rate", "-5").err).contains("rate");
		assertThat(DeadLetterFixtures.records(this.lifecycle)).isEmpty();
	}

	@Test
	void anUnknownTopicIsAClearError() {
		Run run = dlt("list", "--topic", "missing-" + TestNames.shortId());

		assertThat(run.code).isEqualTo(1);
		assertThat(run.err).contains("does not exist");
	}

	private Run dlt(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.addAll(List.of("--bootstrap-servers", SharedKafka.bootstrapServers(), "--memory-topic", this.memory));
		if (!all.contains("--topic")) {
			all.addAll(List.of("--topic", this.dlt));
		}
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		CommandLine command = DltCommand.commandLine();
		command.setOut(new PrintWriter(out, true));
		command.setErr(new PrintWriter(err, true));
		int code = command.execute(all.toArray(String[]::new));
		return new Run(code, out.toString(), err.toString());
	}

	private record Run(int code, String out, String err) {
	}

}
