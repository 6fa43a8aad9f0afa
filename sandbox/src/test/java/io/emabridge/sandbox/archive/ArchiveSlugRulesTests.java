package io.emabridge.sandbox.archive;

import java.io.IOException;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import io.emabridge.sandbox.TestHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every slug rule, checked on the rules object and over HTTP against the running sandbox.
 */
class ArchiveSlugRulesTests {

	private static final String KEY = ArchiveSandboxOptions.DEFAULT_API_KEY;

	private static final ArchiveSlugRules RULES = ArchiveSlugRules.withDefaultReservedWords();

	private static ArchiveSandbox sandbox;

	@BeforeAll
	static void start() {
		sandbox = ArchiveSandbox.start();
	}

	@AfterAll
	static void stop() {
		sandbox.close();
	}

	@BeforeEach
	void reset() {
		sandbox.reset();
	}

	private static TestHttp.Response create(String slugJson) throws IOException {
		return TestHttp.send("POST", sandbox.tenantsUrl(), KEY, "{\"slug\":" + slugJson + ",\"name\":\"Acme\"}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "abc", // 3 characters, the shortest
			"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv", // 48 characters, the
																// longest
			"acme-corp", "a1b", "a-1", "a--b", "abc123", "z9z", "adminx", "my-www" })
	void acceptsValidSlugs(String slug) throws IOException {
		assertThat(RULES.violations(slug)).isEmpty();
		TestHttp.Response response = create("\"" + slug + "\"");
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.json().at("/data/slug").asString()).isEqualTo(slug);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ab", // 2 characters
			"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvw", // 49 characters
			"1abc", // leading digit
			"-abc", // leading hyphen
			"abc-", // trailing hyphen
			"Abc", "acmeCorp", "ACME", // uppercase
			"acmé", "ünï", "acme\u2010corp", "日本語", // unicode
			"ac_me", "ac me", "ac.me", "ac/me", " abc", "abc " // other characters
	})
	void rejectsSlugsThatBreakTheFormatOrLength(String slug) throws IOException {
		assertThat(RULES.violations(slug)).isNotEmpty().isSubsetOf(ArchiveSlugRules.LENGTH, ArchiveSlugRules.FORMAT);
		TestHttp.Response response = create(TestHttp.JSON.writeValueAsString(slug));
		assertThat(response.status()).isEqualTo(422);
		JsonNode body = response.json();
		assertThat(body.get("errors").get("slug").isArray()).isTrue();
		assertThat(body.get("message").asString()).isEqualTo(body.at("/errors/slug/0").asString());
		assertThat(sandbox.tenant(slug)).isEmpty();
	}

	@Test
	void namesEachBrokenRule() {
		assertThat(RULES.violations("ab")).containsExactly(ArchiveSlugRules.LENGTH);
		assertThat(RULES.violations("1abc")).containsExactly(ArchiveSlugRules.FORMAT);
		assertThat(RULES.violations("a-")).containsExactly(ArchiveSlugRules.LENGTH, ArchiveSlugRules.FORMAT);
		assertThat(RULES.violations("")).containsExactly(ArchiveSlugRules.REQUIRED);
		assertThat(RULES.violations(null)).containsExactly(ArchiveSlugRules.REQUIRED);
		assertThat(RULES.violations("admin")).containsExactly(ArchiveSlugRules.RESERVED);
	}

	@Test
	void reportsSeveralBrokenRulesLaravelStyle() throws IOException {
		TestHttp.Response response = create("\"a-\"");
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().get("message").asString())
			.isEqualTo(ArchiveSlugRules.LENGTH + " (and 1 more error)");
		assertThat(response.json().at("/errors/slug").size()).isEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "admin", "api", "www", "mail", "billing", "support", "status", "webmail" })
	void rejectsReservedWords(String slug) throws IOException {
		TestHttp.Response response = create("\"" + slug + "\"");
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.json().at("/errors/slug/0").asString()).isEqualTo(ArchiveSlugRules.RESERVED);
	}

	@Test
	void reservedWordsAreConfigurable() throws IOException {
		try (ArchiveSandbox custom = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withReservedWords(Set.of("forbidden")))) {
			assertThat(
					TestHttp.send("POST", custom.tenantsUrl(), KEY, "{\"slug\":\"forbidden\",\"name\":\"x\"}").status())
				.isEqualTo(422);
			assertThat(TestHttp.send("POST", custom.tenantsUrl(), KEY, "{\"slug\":\"admin\",\"name\":\"x\"}").status())
				.isEqualTo(201);
		}
	}

	@Test
	void rejectsEmptyMissingNullAndNonStringSlugs() throws IOException {
		for (String slugJson : List.of("\"\"", "null")) {
			TestHttp.Response response = create(slugJson);
			assertThat(response.status()).isEqualTo(422);
			assertThat(response.json().at("/errors/slug/0").asString()).isEqualTo(ArchiveSlugRules.REQUIRED);
		}
		TestHttp.Response missing = TestHttp.send("POST", sandbox.tenantsUrl(), KEY, "{\"name\":\"Acme\"}");
		assertThat(missing.status()).isEqualTo(422);
		assertThat(missing.json().at("/errors/slug/0").asString()).isEqualTo(ArchiveSlugRules.REQUIRED);
		TestHttp.Response number = create("12345");
		assertThat(number.status()).isEqualTo(422);
		assertThat(number.json().at("/errors/slug/0").asString()).isEqualTo(ArchiveSlugRules.NOT_A_STRING);
	}

}
