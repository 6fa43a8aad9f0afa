package io.emabridge.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.emabridge.deadletters.DeadLetterFixtures.Letter;
import io.emabridge.deadletters.letter.DeadLetterFilter;
import io.emabridge.deadletters.letter.UnknownTopicException;
import io.emabridge.deadletters.replay.ReplayOptions;
import io.emabridge.deadletters.replay.ReplayOutcome;
import io.emabridge.deadletters.replay.ReplayReport;
import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayTests {

	private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);

	private final DeadLetterFixtures fixtures = new DeadLetterFixtures();

	private String lifecycle;

	private String dlt;

	private DeadLetters deadLetters;

	@BeforeEach
	void topics() {
		this.lifecycle = TestNames.topic("lifecycle");
		this.dlt = this.lifecycle + "-dlt";
		SharedKafka.createTopic(this.lifecycle, 3);
		SharedKafka.createTopic(this.dlt, 2);
		this.deadLetters = new DeadLetters(DeadLetterFixtures.clients(), TestNames.topic("replayed"), (short) 1,
				Clock.systemUTC());
	}

	@AfterEach
	void close() {
		this.fixtures.close();
	}

	@Test
	void replayPublishesTheOriginalRecordToItsTopicWithTheReplayHeaders() {
		Letter letter = Letter.of(41, "service.create", "archive_unauthorized", this.lifecycle, this.t0);
		this.fixtures.write(this.dlt, letter);

		ReplayReport report = this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL,
				new ReplayOptions("API key fixed", false, false, 0));

		assertThat(report.items()).singleElement().satisfies((item) -> {
			assertThat(item.outcome()).isEqualTo(ReplayOutcome.REPLAYED);
			assertThat(item.eventId()).isEqualTo(letter.eventId());
			assertThat(item.target()).isEqualTo(this.lifecycle);
			assertThat(item.replays()).isEqualTo(1);
		});
		ConsumerRecord<byte[], byte[]> replayed = DeadLetterFixtures.records(this.lifecycle).get(0);
		assertThat(new String(replayed.key(), StandardCharsets.UTF_8)).isEqualTo("41");
		assertThat(replayed.value()).isEqualTo(letter.value());
		assertThat(DeadLetterFixtures.header(replayed, "ce_id")).isEqualTo(letter.eventId());
		assertThat(DeadLetterFixtures.header(replayed, "ce_type")).isEqualTo("io.emabridge.service.create");
		assertThat(DeadLetterFixtures.header(replayed, "ce_source")).isEqualTo("/whmcs/gateway");
		assertThat(DeadLetterFixtures.header(replayed, "ce_subject")).isEqualTo("41");
		assertThat(DeadLetterFixtures.header(replayed, "content-type")).isEqualTo("application/json");
		assertThat(DeadLetterFixtures.header(replayed, "ema_replay_count")).isEqualTo("1");
		assertThat(DeadLetterFixtures.header(replayed, "ema_replay_reason")).isEqualTo("API key fixed");
		assertThat(DeadLetterFixtures.header(replayed, "ema_replayed_from"))
			.isEqualTo(this.dlt + "/" + DeadLetterFixtures.records(this.dlt).get(0).partition() + "/0");
		assertThat(replayed.headers().toArray()).extracting(Header::key)
			.noneMatch((name) -> name.startsWith("kafka_dlt-") || name.startsWith("ema_dlt_"));
	}

	@Test
	void aSecondReplaySendsNothingUnlessAskedToReplayAgain() {
		this.fixtures.write(this.dlt, Letter.of(1, "service.create", "archive_unauthorized", this.lifecycle, this.t0),
				Letter.of(2, "service.suspend", "archive_unauthorized", this.lifecycle, this.t0));
		ReplayOptions once = new ReplayOptions("fixed", false, false, 0);

		assertThat(this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL, once).count(ReplayOutcome.REPLAYED))
			.isEqualTo(2);
		ReplayReport second = this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL, once);

		assertThat(second.items()).hasSize(2).allMatch((i) -> i.outcome() == ReplayOutcome.ALREADY_REPLAYED);
		assertThat(DeadLetterFixtures.records(this.lifecycle)).hasSize(2);
		assertThat(this.deadLetters.list(this.dlt, DeadLetterFilter.ALL)).allMatch((l) -> l.replays() == 1);

		ReplayReport again = this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL,
				new ReplayOptions("once more", false, true, 0));
		assertThat(again.count(ReplayOutcome.REPLAYED)).isEqualTo(2);
		List<ConsumerRecord<byte[], byte[]>> published = DeadLetterFixtures.records(this.lifecycle);
		assertThat(published).hasSize(4);
		assertThat(published).filteredOn((r) -> "once more".equals(DeadLetterFixtures.header(r, "ema_replay_reason")))
			.hasSize(2)
			.allMatch((r) -> "2".equals(DeadLetterFixtures.header(r, "ema_replay_count")));
	}

	@Test
	void theMemorySurvivesANewInstanceBecauseItIsInKafka() {
		String memory = TestNames.topic("replayed");
		this.fixtures.write(this.dlt, Letter.of(1, "service.create", "archive_unauthorized", this.lifecycle, this.t0));
		new DeadLetters(DeadLetterFixtures.clients(), memory, (short) 1, Clock.systemUTC()).replay(this.dlt,
				DeadLetterFilter.ALL, new ReplayOptions("fixed", false, false, 0));

		ReplayReport later = new DeadLetters(DeadLetterFixtures.clients(), memory, (short) 1, Clock.systemUTC())
			.replay(this.dlt, DeadLetterFilter.ALL, new ReplayOptions("fixed", false, false, 0));

		assertThat(later.items()).singleElement()
			.extracting(ReplayReport.Item::outcome)
			.isEqualTo(ReplayOutcome.ALREADY_REPLAYED);
		assertThat(DeadLetterFixtures.records(this.lifecycle)).hasSize(1);
	}

	@Test
	void aDryRunPublishesAndRemembersNothing() {
		this.fixtures.write(this.dlt, Letter.of(1, "service.create", "archive_unauthorized", this.lifecycle, this.t0),
				Letter.of(2, "service.create", "archive_unauthorized", this.lifecycle, this.t0));

		ReplayReport dry = this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL,
				new ReplayOptions("dry", true, false, 0));

		assertThat(dry.items()).hasSize(2).allMatch((i) -> i.outcome() == ReplayOutcome.WOULD_REPLAY);
		assertThat(DeadLetterFixtures.records(this.lifecycle)).isEmpty();
		assertThat(this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL, new ReplayOptions("real", false, false, 0))
			.count(ReplayOutcome.REPLAYED)).isEqualTo(2);
	}

	@Test
	void aReplayReadsOnlyUpToTheEndItSawAtTheStart() {
		// dead letters whose original topic is the dead-letter topic itself: a reader
		// that followed its own output
		// would never end
		this.fixtures.write(this.dlt, Letter.of(1, "service.create", "x", this.dlt, this.t0),
				Letter.of(2, "service.create", "x", this.dlt, this.t0),
				Letter.of(3, "service.create", "x", this.dlt, this.t0));

		ReplayReport report = this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL,
				new ReplayOptions("loop?", false, true, 0));

		assertThat(report.count(ReplayOutcome.REPLAYED)).isEqualTo(3);
		assertThat(DeadLetterFixtures.records(this.dlt)).hasSize(6);
	}

	@Test
	void aDeadLetterWithoutItsOriginalTopicFailsAndIsNotRemembered() {
		this.fixtures.write(this.dlt, Letter.of(1, "service.create", "x", null, this.t0));

		ReplayReport report = this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL,
				new ReplayOptions("fixed", false, false, 0));

		assertThat(report.items()).singleElement().satisfies((item) -> {
			assertThat(item.outcome()).isEqualTo(ReplayOutcome.FAILED);
			assertThat(item.error()).contains("kafka_dlt-original-topic");
		});
		assertThat(this.deadLetters.list(this.dlt, DeadLetterFilter.ALL)).allMatch((l) -> l.replays() == 0);
	}

	@Test
	void aRateLimitedReplayStillSendsEverything() {
		for (int i = 0; i < 20; i++) {
			this.fixtures.write(this.dlt, Letter.of(i, "service.create", "x", this.lifecycle, this.t0));
		}

		ReplayReport report = this.deadLetters.replay(this.dlt, DeadLetterFilter.ALL,
				new ReplayOptions("slowly", false, false, 200));

		assertThat(report.count(ReplayOutcome.REPLAYED)).isEqualTo(20);
		assertThat(DeadLetterFixtures.records(this.lifecycle)).hasSize(20);
	}

	@Test
	void eachFilterSelectsExactlyWhatItSays() {
		Letter a = Letter.of(100, "service.create", "archive_unauthorized", this.lifecycle, this.t0);
		Letter b = Letter.of(100, "service.suspend", "retries_exhausted", this.lifecycle, this.t0.plusSeconds(3600));
		Letter c = Letter.of(200, "service.suspend", "archive_unauthorized", this.lifecycle, this.t0.plusSeconds(7200));
		Letter d = Letter.of(300, "service.terminate", "archive_rejected", this.lifecycle, this.t0.plusSeconds(7300));
		this.fixtures.write(this.dlt, a, b, c, d);

		assertThat(ids(new DeadLetterFilter(Set.of("100"), null, null, null, null, null))).containsOnly(a.eventId(),
				b.eventId());
		assertThat(ids(new DeadLetterFilter(Set.of("100", "300"), null, null, null, null, null)))
			.containsOnly(a.eventId(), b.eventId(), d.eventId());
		assertThat(ids(new DeadLetterFilter(null, Set.of("suspend"), null, null, null, null))).containsOnly(b.eventId(),
				c.eventId());
		assertThat(ids(new DeadLetterFilter(null, Set.of("service.terminate"), null, null, null, null)))
			.containsOnly(d.eventId());
		assertThat(ids(new DeadLetterFilter(null, null, "UNAUTH", null, null, null))).containsOnly(a.eventId(),
				c.eventId());
		assertThat(ids(new DeadLetterFilter(null, null, null, Set.of(c.eventId()), null, null)))
			.containsOnly(c.eventId());
		assertThat(ids(new DeadLetterFilter(null, null, null, null, this.t0.plusSeconds(3600), null)))
			.containsOnly(b.eventId(), c.eventId(), d.eventId());
		assertThat(ids(new DeadLetterFilter(null, null, null, null, null, this.t0.plusSeconds(3600))))
			.containsOnly(a.eventId());
		assertThat(ids(new DeadLetterFilter(null, null, null, null, this.t0.plusSeconds(1), this.t0.plusSeconds(7300))))
			.containsOnly(b.eventId(), c.eventId());
		assertThat(ids(new DeadLetterFilter(Set.of("100"), Set.of("suspend"), "unauthorized", null, null, null)))
			.isEmpty();
		assertThat(ids(DeadLetterFilter.ALL)).containsOnly(a.eventId(), b.eventId(), c.eventId(), d.eventId());

		ReplayReport replay = this.deadLetters.replay(this.dlt,
				new DeadLetterFilter(null, Set.of("suspend"), null, null, null, null),
				new ReplayOptions("only suspends", false, false, 0));
		assertThat(replay.items()).extracting(ReplayReport.Item::eventId).containsOnly(b.eventId(), c.eventId());
		assertThat(DeadLetterFixtures.records(this.lifecycle)).extracting((r) -> DeadLetterFixtures.header(r, "ce_id"))
			.containsOnly(b.eventId(), c.eventId());
	}

	@Test
	void worksForAnyWorkersDeadLetters() {
		String usage = TestNames.topic("usage");
		String usageDlt = usage + "-dlt";
		SharedKafka.createTopic(usage, 1);
		SharedKafka.createTopic(usageDlt, 1);
		this.fixtures.writePlain(usageDlt, "acme", "{\"slug\":\"acme\",\"usersCount\":3}", usage,
				"io.emabridge.usage.whmcs.WhmcsRejectedException");

		List<DeadLetters.Listed> listed = this.deadLetters.list(usageDlt,
				new DeadLetterFilter(Set.of("acme"), null, "whmcsrejected", null, null, null));

		assertThat(listed).singleElement().satisfies((l) -> {
			assertThat(l.letter().serviceId()).isEqualTo("acme");
			assertThat(l.letter().reason()).isEqualTo("WhmcsRejectedException");
			assertThat(l.letter().eventId()).isNull();
		});
		assertThat(this.deadLetters.replay(usageDlt, DeadLetterFilter.ALL, new ReplayOptions("fixed", false, false, 0))
			.count(ReplayOutcome.REPLAYED)).isEqualTo(1);
		assertThat(DeadLetterFixtures.records(usage)).singleElement()
			.satisfies((r) -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).contains("\"slug\":\"acme\""));
	}

	@Test
	void aTopicThatDoesNotExistIsAClearError() {
		assertThatThrownBy(() -> this.deadLetters.list("no-such-topic-" + TestNames.shortId(), DeadLetterFilter.ALL))
			.isInstanceOf(UnknownTopicException.class)
			.hasMessageContaining("does not exist");
	}

	@Test
	void badOptionsAreRefused() {
		assertThatThrownBy(() -> new ReplayOptions(" ", false, false, 0)).hasMessageContaining("reason");
		assertThatThrownBy(() -> new ReplayOptions("x", false, false, -1)).hasMessageContaining("rate");
		assertThatThrownBy(() -> new DeadLetterFilter(null, null, null, null, this.t0, this.t0))
			.hasMessageContaining("must be before");
	}

	private List<String> ids(DeadLetterFilter filter) {
		return this.deadLetters.list(this.dlt, filter).stream().map((l) -> l.letter().eventId()).toList();
	}

}
