package io.emabridge.sandbox.whmcs;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.Faults;
import io.emabridge.sandbox.RecordedRequest;
import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GetTickets} as WHMCS answers it, and an {@code OpenTicket} whose answer is lost
 * after the ticket was opened.
 */
class WhmcsSandboxTicketsTests {

	private static WhmcsSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = WhmcsSandbox
			.start(WhmcsSandboxOptions.defaults().withSeed(11).withClock(new SteppingClock("2026-03-01T10:00:00Z")));
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
	}

	private static TestHttp.Response call(String action, String... fields) throws IOException {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("identifier", "sandbox");
		form.put("secret", "sandbox");
		form.put("action", action);
		form.put("responsetype", "json");
		for (int i = 0; i < fields.length; i += 2) {
			form.put(fields[i], fields[i + 1]);
		}
		return TestHttp.postForm(sandbox.apiUrl(), form);
	}

	private static JsonNode success(String action, String... fields) throws IOException {
		TestHttp.Response response = call(action, fields);
		assertThat(response.status()).isEqualTo(200);
		JsonNode body = response.json();
		assertThat(body.get("result").asString()).as(body.toString()).isEqualTo("success");
		return body;
	}

	private static long openForClient(int deptId, long clientId, String subject) throws IOException {
		return success("OpenTicket", "deptid", Integer.toString(deptId), "clientid", Long.toString(clientId), "subject",
				subject, "message", "m")
			.get("id")
			.asLong();
	}

	private static long openAsGuest(int deptId, String email, String subject) throws IOException {
		return success("OpenTicket", "deptid", Integer.toString(deptId), "name", "Ada Guest", "email", email, "subject",
				subject, "message", "m")
			.get("id")
			.asLong();
	}

	/** The ids of the listed tickets, in the order of the answer. */
	private static Long[] ids(JsonNode body) {
		JsonNode tickets = body.at("/tickets/ticket");
		Long[] ids = new Long[tickets.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = Long.parseLong(tickets.get(i).get("id").asString());
		}
		return ids;
	}

	@Test
	void getTicketsAnswersAsWhmcsDoes() throws IOException {
		JsonNode opened = success("OpenTicket", "deptid", "1", "clientid", "7", "serviceid", "42", "subject",
				"Archive provisioning failed [m-1]", "message", "Slug taken", "priority", "High");
		long guest = openAsGuest(2, "ada@example.test", "A question");

		JsonNode body = success("GetTickets");

		assertThat(body.get("totalresults").isString()).isTrue();
		assertThat(body.get("totalresults").asString()).isEqualTo("2");
		assertThat(body.get("startnumber").asInt()).isZero();
		assertThat(body.get("numreturned").asInt()).isEqualTo(2);
		assertThat(ids(body)).containsExactly(guest, opened.get("id").asLong());
		JsonNode ticket = body.at("/tickets/ticket/1");
		assertThat(ticket.get("id").asString()).isEqualTo(opened.get("id").asString());
		assertThat(ticket.get("tid").asString()).isEqualTo(opened.get("tid").asString());
		assertThat(ticket.get("c").asString()).isEqualTo(opened.get("c").asString());
		assertThat(ticket.get("deptid").asString()).isEqualTo("1");
		assertThat(ticket.get("userid").asString()).isEqualTo("7");
		assertThat(ticket.get("subject").asString()).isEqualTo("Archive provisioning failed [m-1]");
		assertThat(ticket.get("status").asString()).isEqualTo("Open");
		assertThat(ticket.get("priority").asString()).isEqualTo("High");
		assertThat(ticket.get("service").asString()).isEqualTo("S42");
		assertThat(ticket.get("flag").asString()).isEqualTo("0");
		assertThat(ticket.get("date").asString()).matches("2026-03-01 10:\\d{2}:\\d{2}");
		assertThat(ticket.get("lastreply").asString()).isEqualTo(ticket.get("date").asString());
		for (String field : new String[] { "name", "email", "cc", "admin", "attachment" }) {
			assertThat(ticket.has(field)).as(field).isTrue();
		}
		JsonNode guestTicket = body.at("/tickets/ticket/0");
		assertThat(guestTicket.get("userid").asString()).isEqualTo("0");
		assertThat(guestTicket.get("name").asString()).isEqualTo("Ada Guest");
		assertThat(guestTicket.get("email").asString()).isEqualTo("ada@example.test");
		assertThat(guestTicket.get("service").asString()).isEmpty();
	}

	@Test
	void leavesTicketsOutWhenNothingMatches() throws IOException {
		openForClient(1, 7, "Archive provisioning failed [m-1]");

		JsonNode body = success("GetTickets", "subject", "[m-2]");

		assertThat(body.get("totalresults").asString()).isEqualTo("0");
		assertThat(body.get("numreturned").asInt()).isZero();
		assertThat(body.get("startnumber").asInt()).isZero();
		assertThat(body.has("tickets")).isFalse();
		assertThat(success("GetTickets", "deptid", "1", "subject", "[m-1]").get("totalresults").asString())
			.isEqualTo("1");
	}

	@Test
	void findsBySubjectAsMysqlLikeDoes() throws IOException {
		long first = openForClient(1, 7, "Archive tenant acme_corp failed [m-1]");
		long second = openForClient(1, 7, "Archive tenant acmeXcorp failed [M-1] again");

		assertThat(ids(success("GetTickets", "subject", "[m-1]"))).containsExactly(second, first);
		assertThat(ids(success("GetTickets", "subject", "[m-1] again"))).containsExactly(second);
		assertThat(ids(success("GetTickets", "subject", "acme_corp"))).containsExactly(second, first);
		assertThat(ids(success("GetTickets", "subject", "acme\\_corp"))).containsExactly(first);
		assertThat(ids(success("GetTickets", "subject", "tenant%failed"))).containsExactly(second, first);
		assertThat(ids(success("GetTickets", "subject", ""))).containsExactly(second, first);
		assertThat(success("GetTickets", "subject", "(m-1)").has("tickets")).isFalse();
	}

	@Test
	void filtersByDepartmentClientEmailAndStatus() throws IOException {
		long billing = openForClient(1, 7, "Billing");
		long support = openForClient(2, 8, "Support");
		long guest = openAsGuest(2, "ada@example.test", "Guest");
		success("AddTicketReply", "ticketid", Long.toString(support), "message", "On it", "adminusername", "ops");

		assertThat(ids(success("GetTickets", "deptid", "2"))).containsExactly(support, guest);
		assertThat(ids(success("GetTickets", "deptid", "1"))).containsExactly(billing);
		assertThat(ids(success("GetTickets", "deptid", "sales"))).hasSize(3);
		assertThat(ids(success("GetTickets", "clientid", "7"))).containsExactly(billing);
		assertThat(ids(success("GetTickets", "email", "ADA@example.test"))).containsExactly(guest);
		assertThat(ids(success("GetTickets", "status", "Answered"))).containsExactly(support);
		assertThat(ids(success("GetTickets", "status", "open"))).containsExactly(guest, billing);
		assertThat(ids(success("GetTickets", "status", "Awaiting Reply"))).containsExactly(guest, billing);
		assertThat(ids(success("GetTickets", "status", "All Active Tickets"))).containsExactly(support, guest, billing);
		assertThat(success("GetTickets", "status", "My Flagged Tickets").has("tickets")).isFalse();
		assertThat(success("GetTickets", "status", "Closed").has("tickets")).isFalse();
		assertThat(ids(success("GetTickets", "deptid", "2", "ignore_dept_assignments", "true")))
			.containsExactly(support, guest);
	}

	@Test
	void ordersByLastReplyNewestFirstAndPages() throws IOException {
		long a = openForClient(1, 7, "A");
		long b = openForClient(1, 7, "B");
		long c = openForClient(1, 7, "C");
		success("AddTicketReply", "ticketid", Long.toString(a), "message", "bump", "clientid", "7");

		JsonNode all = success("GetTickets");
		assertThat(ids(all)).containsExactly(a, c, b);
		assertThat(all.at("/tickets/ticket/0/lastreply").asString())
			.isGreaterThan(all.at("/tickets/ticket/0/date").asString());

		JsonNode page = success("GetTickets", "limitstart", "1", "limitnum", "1");
		assertThat(ids(page)).containsExactly(c);
		assertThat(page.get("totalresults").asString()).isEqualTo("3");
		assertThat(page.get("numreturned").asInt()).isEqualTo(1);
		assertThat(page.get("startnumber").asString()).isEqualTo("1");
		assertThat(ids(success("GetTickets", "limitstart", "2", "limitnum", "25"))).containsExactly(b);

		assertThat(ids(success("GetTickets", "limitnum", "99999999999999999999"))).containsExactly(a, c, b);
		assertThat(ids(success("GetTickets", "limitnum", "-1"))).containsExactly(a, c, b);
		assertThat(ids(success("GetTickets", "limitstart", "0", "limitnum", "0"))).containsExactly(a, c, b);

		JsonNode beyond = success("GetTickets", "limitstart", "5");
		assertThat(beyond.get("totalresults").asString()).isEqualTo("3");
		assertThat(beyond.get("numreturned").asInt()).isZero();
		assertThat(beyond.has("tickets")).isFalse();
	}

	@Test
	void returnsAtMost25TicketsByDefault() throws IOException {
		for (int i = 0; i < 27; i++) {
			openForClient(1, 7, "Ticket " + i);
		}
		JsonNode body = success("GetTickets");
		assertThat(body.get("totalresults").asString()).isEqualTo("27");
		assertThat(body.get("numreturned").asInt()).isEqualTo(25);
		assertThat(body.at("/tickets/ticket/0/subject").asString()).isEqualTo("Ticket 26");
	}

	@Test
	void openTicketCanLoseItsAnswerAfterTheTicketWasOpened() throws IOException {
		sandbox.faults(Faults.none().withErrorRate(1.0).withErrorAfterApply(true));

		TestHttp.Response lost = call("OpenTicket", "deptid", "1", "clientid", "7", "subject", "Lost [m-1]", "message",
				"m");

		assertThat(lost.status()).isEqualTo(503);
		assertThat(lost.json().get("result").asString()).isEqualTo("error");
		assertThat(sandbox.tickets()).extracting(WhmcsTicket::subject).containsExactly("Lost [m-1]");

		sandbox.faults(Faults.none()
			.withErrorRate(1.0)
			.withErrorAfterApply(true)
			.withPathContains(WhmcsSandbox.API_PATH)
			.withAction("OpenTicket"));

		assertThat(call("OpenTicket", "deptid", "1", "clientid", "7", "subject", "Lost [m-2]", "message", "m").status())
			.isEqualTo(503);
		JsonNode found = success("GetTickets", "subject", "[m-2]");

		assertThat(sandbox.tickets()).extracting(WhmcsTicket::subject).containsExactly("Lost [m-1]", "Lost [m-2]");
		assertThat(found.get("totalresults").asString()).isEqualTo("1");
		assertThat(found.at("/tickets/ticket/0/id").asString()).isEqualTo(Long.toString(sandbox.tickets().get(1).id()));
		assertThat(sandbox.requests())
			.extracting(RecordedRequest::action, RecordedRequest::status, RecordedRequest::fault)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("OpenTicket", 503, "error-after-apply"),
					org.assertj.core.groups.Tuple.tuple("OpenTicket", 503, "error-after-apply"),
					org.assertj.core.groups.Tuple.tuple("GetTickets", 200, null));
	}

	/** A clock one second further on at every reading. */
	static final class SteppingClock extends Clock {

		private final AtomicLong seconds;

		SteppingClock(String start) {
			this.seconds = new AtomicLong(Instant.parse(start).getEpochSecond());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochSecond(this.seconds.getAndIncrement());
		}

	}

}
